import type { Finding } from '../core/findings.js';
import type { LoadedPlan } from '../read/load-plan.js';

/** Indicator data checks for a loaded plan (filled in by the data stage). */
export async function checkPlanData(loaded: LoadedPlan, year: number | undefined): Promise<{ findings: Finding[] }> {
  void loaded;
  void year;
  return { findings: [] };
}
