import { ChartColumn } from 'lucide-react';
import { EmptyState } from '../../components/EmptyState';

export function CostsScreen() {
  return (
    <section className="screen" aria-labelledby="costs-title">
      <header className="screen-header">
        <h1 id="costs-title">Costs</h1>
      </header>
      <div className="screen-body screen-center">
        <EmptyState icon={<ChartColumn size={22} />} title="Cost dashboard: coming in a later stage">
          Spend over time by provider, model and profile, budgets, and exports will live here. Each answer
          already shows its tokens and cost.
        </EmptyState>
      </div>
    </section>
  );
}
