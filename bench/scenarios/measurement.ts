/**
 * One line of the report: a figure, its latency where it has one, and its goal with pass/miss.
 * Pending lines are scenarios that exist in the plan but not yet in Vigil.
 */
export interface Goal {
  text: string;
  pass: boolean;
}

export interface Measurement {
  /** Stable key in latest.json, e.g. `clientCredentials.vigil.perSecond`. */
  id: string;
  scenario: string;
  label: string;
  status: 'measured' | 'pending' | 'skipped';
  value?: number;
  unit?: '/s' | 'MB' | 'ms' | '%' | 'x' | 'sessions';
  perVcpu?: number;
  p50Ms?: number;
  p99Ms?: number;
  goal?: Goal;
  note?: string;
  /** CPU milliseconds per operation, by process (vigil, baseline, ferretdb, driver). */
  cpuMsPerOp?: Record<string, number>;
  /** Database commands per operation by command and collection (only with --db-trace). */
  dbCommandsPerOp?: Record<string, number>;
}
