import { Images } from 'lucide-react';
import { EmptyState } from '../../components/EmptyState';

export function BatchScreen() {
  return (
    <section className="screen" aria-labelledby="batch-title">
      <header className="screen-header">
        <h1 id="batch-title">Batch vision</h1>
      </header>
      <div className="screen-body screen-center">
        <EmptyState icon={<Images size={22} />} title="Batch vision: coming in a later stage">
          Drop a folder of images, ask each the same question, and get the answers as a table you can export.
        </EmptyState>
      </div>
    </section>
  );
}
