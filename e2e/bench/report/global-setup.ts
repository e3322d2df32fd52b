/** Before the benchmark: forget the figures of any earlier run, and note when this one started. */
import { clearSections, saveSection } from '../support/results';

export default function globalSetup(): void {
  clearSections();
  saveSection('started', { at: Date.now() });
}
