/**
 * Command-line options and the time budget of each mode. Quick mode (`-- --quick`) keeps every
 * scenario but measures briefly and signs in fewer of the 10,000 sessions for real (under a
 * minute: 55 s on a 2-vCPU machine); the full run takes ~15 minutes there.
 */
export interface Budget {
  argon2Seconds: number;
  signInSeconds: number;
  signInConcurrency: number;
  warmupSeconds: number;
  grantSeconds: number;
  grantConnections: number;
  staticSeconds: number;
  staticConnections: number;
  /** Active sessions the memory scenario brings Vigil's database to. */
  targetSessions: number;
  /** How many of them come from complete password sign-ins (the rest are seeded copies). */
  realSessions: number;
  /** Hard limit on those sign-ins, whatever the sign-in rate turns out to be. */
  sessionSignInMaxSeconds: number;
  /** Seeded sessions used through Vigil (prompt=none) to show they are live. */
  sessionSamples: number;
  /** Length of the refresh-grant run with all sessions present (0: skipped). */
  loadAtTargetSeconds: number;
}

export interface BenchOptions {
  quick: boolean;
  /** Write V8 CPU profiles of the Vigil and baseline processes to bench/results/profiles/{vigil,baseline}/. */
  profile: boolean;
  /** Route Vigil's and the baseline's database traffic through a counting proxy (diagnosis). */
  dbTrace: boolean;
  /** Extra node flags for the Vigil process (e.g. heap limits), for experiments. */
  vigilNodeFlags: string[];
  /** Run Vigil with Node's and glibc's defaults instead of the Docker image's runtime settings. */
  runtimeDefaults: boolean;
  /** The baseline's adapter: Vigil's MongoAdapter, or the insert-first what-if. */
  baselineAdapter: 'mongo' | 'insert-first';
  /** Run only these scenario ids (and report the others as skipped). */
  only: string[] | undefined;
  budget: Budget;
}

const QUICK: Budget = {
  argon2Seconds: 1.5,
  signInSeconds: 2,
  signInConcurrency: 8,
  warmupSeconds: 0,
  grantSeconds: 1,
  grantConnections: 16,
  staticSeconds: 1,
  staticConnections: 16,
  targetSessions: 10_000,
  realSessions: 12,
  sessionSignInMaxSeconds: 5,
  sessionSamples: 8,
  loadAtTargetSeconds: 0,
};

const FULL: Budget = {
  argon2Seconds: 10,
  signInSeconds: 30,
  signInConcurrency: 8,
  warmupSeconds: 2,
  grantSeconds: 15,
  grantConnections: 16,
  staticSeconds: 10,
  staticConnections: 16,
  targetSessions: 10_000,
  realSessions: 1500,
  sessionSignInMaxSeconds: 150,
  sessionSamples: 64,
  loadAtTargetSeconds: 10,
};

export function parseOptions(argv: string[]): BenchOptions {
  let quick = false;
  let profile = false;
  let dbTrace = false;
  let vigilNodeFlags: string[] = [];
  let runtimeDefaults = false;
  let baselineAdapter: 'mongo' | 'insert-first' = 'mongo';
  let only: string[] | undefined;
  let sessions: number | undefined;
  for (const arg of argv) {
    if (arg === '--quick') quick = true;
    else if (arg === '--profile') profile = true;
    else if (arg === '--db-trace') dbTrace = true;
    else if (arg.startsWith('--vigil-node-flags=')) vigilNodeFlags = arg.slice(19).split(/\s+/).filter(Boolean);
    else if (arg === '--baseline-adapter=insert-first') baselineAdapter = 'insert-first';
    else if (arg === '--runtime=default') runtimeDefaults = true;
    else if (arg.startsWith('--only=')) only = arg.slice(7).split(',').map((id) => id.trim()).filter(Boolean);
    else if (arg.startsWith('--sessions=')) sessions = Number(arg.slice(11));
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write('usage: npm run bench -- [--quick] [--profile] [--db-trace] [--only=scenario,…] [--sessions=N] [--vigil-node-flags="…"] [--runtime=default] [--baseline-adapter=insert-first]\n');
      process.exit(0);
    } else {
      process.stderr.write(`bench: unknown option ${arg} (see --help)\n`);
      process.exit(2);
    }
  }
  if (sessions !== undefined && (!Number.isInteger(sessions) || sessions < 0)) {
    process.stderr.write('bench: --sessions=N needs a whole number\n');
    process.exit(2);
  }
  const budget = quick ? QUICK : FULL;
  return { quick, profile, dbTrace, vigilNodeFlags, runtimeDefaults, baselineAdapter, only, budget: sessions === undefined ? budget : { ...budget, targetSessions: sessions } };
}
