/**
 * The admin console's lists (README.md, "Admin console"): risky users, risky sign-ins and risk
 * detections with validated filters, keyset paging and a CSV export of the same filters, and a
 * page per sign-in. Mounted on the console's router, behind its session and admin checks.
 */
import { Readable } from 'node:stream';
import type Router from '@koa/router';
import type { Context } from 'koa';
import { RISK_STATES } from '../../risk/state.ts';
import type { Services } from '../../services.ts';
import type { ConsoleKit, SignedAdmin } from '../actions/console-access.ts';
import { text } from '../../text/catalogue.ts';
import { csvLine, type csvCell } from './csv.ts';
import { detectionList } from './detection-list.ts';
import { filterQuery, parseListFilter, type FilterChoices, type ParsedFilter } from './filters.ts';
import type { ListDefinition, ListRow } from './list-definition.ts';
import { allRiskyUsers, riskyUserChoices, riskyUserCsvHeader, riskyUserCsvRow, riskyUserPage } from './risky-user-list.ts';
import { loadSignInDetail } from './sign-in-detail.ts';
import { signInList } from './sign-in-list.ts';
import { streamAll, streamPage } from './stream-page.ts';

export const PAGE_SIZE = 50;
/** Rows in one CSV export; past that, narrow the filters (the README says so). */
export const EXPORT_LIMIT = 100_000;

type Cells = ReadonlyArray<Parameters<typeof csvCell>[0]>;

function sendCsv(ctx: Context, name: string, header: readonly string[], rows: AsyncIterable<Cells>): void {
  ctx.attachment(`vigil-${name}.csv`);
  ctx.type = 'text/csv; charset=utf-8';
  ctx.set('Cache-Control', 'no-store');
  ctx.body = Readable.from((async function* lines() {
    yield csvLine(header);
    for await (const row of rows) yield csvLine(row);
  })());
}

async function* mapRows<R, T>(rows: AsyncIterable<R>, map: (row: R) => T): AsyncGenerator<T> {
  for await (const row of rows) yield map(row);
}

export function mountListRoutes<A extends SignedAdmin>(router: Router, services: Pick<Services, 'clock' | 'renderer'>, access: ConsoleKit<A>): void {
  const formData = (path: string, choices: FilterChoices, parsed: ParsedFilter) => ({
    path, choices, states: choices.states ?? RISK_STATES, values: parsed.values,
    csvHref: `/admin/${path}.csv${filterQuery(parsed.values)}`, firstQuery: filterQuery(parsed.values),
  });

  /** The list page with the filter's error, 400; true when it was sent. */
  function refused(ctx: Context, signed: A, template: string, title: string, path: string, choices: FilterChoices, parsed: ParsedFilter): parsed is Extract<ParsedFilter, { ok: false }> {
    if (parsed.ok) return false;
    access.page(ctx, signed, template, title, {
      ...formData(path, choices, parsed), rows: [], next: null,
      error: text(parsed.message), errorField: parsed.field === 'after' ? null : parsed.field,
    }, 400);
    return true;
  }

  function streamList<R extends ListRow>(list: ListDefinition<R>): void {
    router.get(`/${list.path}`, async (ctx) => {
      const signed = await access.admin(ctx);
      if (!signed) return;
      const parsed = parseListFilter(ctx.query, list.choices);
      if (refused(ctx, signed, list.template, text(list.title), list.path, list.choices, parsed) || !parsed.ok) return;
      const page = await streamPage(list, parsed.filter, parsed.after, PAGE_SIZE, services.clock.now());
      // A cursor naming a stream this filter does not read (edited or from another filter): as forged.
      if (!page) {
        refused(ctx, signed, list.template, text(list.title), list.path, list.choices, { ok: false, field: 'after', message: 'admin.lists.error.after', values: parsed.values });
        return;
      }
      access.page(ctx, signed, list.template, text(list.title), {
        ...formData(list.path, list.choices, parsed), rows: page.rows, paged: parsed.after !== null,
        nextHref: page.next ? `/admin/${list.path}${filterQuery(parsed.values, { after: page.next })}` : null,
      });
    });
    router.get(`/${list.path}.csv`, async (ctx) => {
      const signed = await access.admin(ctx);
      if (!signed) return;
      const parsed = parseListFilter(ctx.query, list.choices);
      if (refused(ctx, signed, list.template, text(list.title), list.path, list.choices, parsed) || !parsed.ok) return;
      const rows = streamAll(list, parsed.filter, services.clock.now(), EXPORT_LIMIT);
      sendCsv(ctx, list.path, list.csvHeader, mapRows(rows, list.csvRow));
    });
  }

  streamList(signInList);
  streamList(detectionList);

  router.get('/users', async (ctx) => {
    const signed = await access.admin(ctx);
    if (!signed) return;
    const parsed = parseListFilter(ctx.query, riskyUserChoices);
    if (refused(ctx, signed, 'users', text('admin.lists.users.title'), 'users', riskyUserChoices, parsed) || !parsed.ok) return;
    const page = await riskyUserPage(parsed.filter, parsed.after, PAGE_SIZE, services.clock.now());
    access.page(ctx, signed, 'users', text('admin.lists.users.title'), {
      ...formData('users', riskyUserChoices, parsed), rows: page.rows, paged: parsed.after !== null,
      nextHref: page.next ? `/admin/users${filterQuery(parsed.values, { after: page.next })}` : null,
    });
  });

  router.get('/users.csv', async (ctx) => {
    const signed = await access.admin(ctx);
    if (!signed) return;
    const parsed = parseListFilter(ctx.query, riskyUserChoices);
    if (refused(ctx, signed, 'users', text('admin.lists.users.title'), 'users', riskyUserChoices, parsed) || !parsed.ok) return;
    sendCsv(ctx, 'risky-users', riskyUserCsvHeader, mapRows(allRiskyUsers(parsed.filter, services.clock.now(), EXPORT_LIMIT), riskyUserCsvRow));
  });

  router.get('/sign-ins/:id', async (ctx) => {
    const signed = await access.admin(ctx);
    if (!signed) return;
    const detail = await loadSignInDetail(ctx.params.id ?? '', services.clock.now());
    if (!detail) {
      services.renderer.page(ctx, 'error', { title: text('admin.lists.noSignIn.title'), heading: text('admin.lists.noSignIn.title'), message: text('admin.lists.noSignIn') }, 404);
      return;
    }
    access.page(ctx, signed, 'sign-in', text('admin.signIn.title', { name: detail.event.username }), { detail });
  });
}
