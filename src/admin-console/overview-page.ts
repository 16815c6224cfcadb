/**
 * The console's overview (README.md, "Admin console"): sign-ins by outcome and by risk level over
 * 24 h, 7 d or 30 d (`?range=`, validated: anything else is a 400), detections by type, users at
 * risk by level, and what each report-only policy would have done — each an SVG chart with a
 * title and the data table behind it.
 */
import type Router from '@koa/router';
import { riskyUsers } from '../admin/risk-reports.ts';
import type { Clock } from '../clock.ts';
import { RISK_LEVELS } from '../risk/level.ts';
import { SIGN_IN_OUTCOMES } from '../risk/models/sign-in-event.ts';
import { text } from '../text/catalogue.ts';
import type { ConsoleKit, SignedAdmin } from './actions/console-access.ts';
import { barList, bucketLabel, HEIGHT, LEVEL_SERIES, OUTCOME_SERIES, stackedChart, WIDTH } from './chart.ts';
import { isRangeId, loadOverview, RANGES, type Bucket, type RangeId } from './overview.ts';

const RANGE_IDS = Object.keys(RANGES) as RangeId[];

export function mountOverviewPage<A extends SignedAdmin>(router: Router, clock: Clock, kit: ConsoleKit<A>): void {
  router.get('/', async (ctx) => {
    const signed = await kit.admin(ctx);
    if (!signed) return;
    const asked = ctx.query.range ?? '24h';
    if (!isRangeId(asked)) {
      kit.page(ctx, signed, 'overview', 'Overview', { ranges: RANGE_IDS, error: text('admin.overview.error.range') }, 400);
      return;
    }
    const now = clock.now();
    const [overview, atRisk] = await Promise.all([loadOverview(now, asked), riskyUsers(clock)]);
    const usersByLevel = RISK_LEVELS.filter((l) => l !== 'none').map((l) => ({ name: l, count: atRisk.filter((u) => u.riskLevel === l).length }));
    kit.page(ctx, signed, 'overview', 'Overview', {
      ranges: RANGE_IDS, range: asked, rangeLabel: RANGES[asked].label, overview, width: WIDTH, height: HEIGHT,
      bucketLabel: (date: Date) => bucketLabel(date, asked),
      outcomeChart: stackedChart(overview.buckets, OUTCOME_SERIES, asked), outcomeSeries: OUTCOME_SERIES,
      outcomeColumns: SIGN_IN_OUTCOMES.map((o) => ({ name: o, value: (b: Bucket) => b.counts[o] })),
      levelChart: stackedChart(overview.buckets, LEVEL_SERIES, asked), levelSeries: LEVEL_SERIES,
      levelColumns: RISK_LEVELS.map((l) => ({ name: l, value: (b: Bucket) => b.levels[l] })),
      detectionBars: barList(overview.detectionsByType),
      usersAtRisk: atRisk.length, usersByLevel, userBars: barList(usersByLevel),
      reportOnlyBars: barList(overview.reportOnly),
    });
  });
}
