/**
 * How a registered method shows in security info: its rows (one per registration — an app, a
 * set of recovery codes, each passkey), with what the user can do to each. Security info renders
 * these generically (views/security-info/security-info.eta), so a method brings its own rows.
 */
import type { AuthenticatorRecord } from './authenticator.ts';
import { text } from '../text/catalogue.ts';

/** A button on a row: a form posting `field=<row id>` and `action=<action>` to `url`. */
export interface SecurityInfoAction {
  url: string;
  field: string;
  action: string;
  label: string;
  /** What the button's accessible name adds after its label, so "Remove" says what it removes. */
  names: string;
}

export interface SecurityInfoRow {
  id: string;
  kind: string;
  label: string;
  /** A second line under the label (a passkey's name, how many codes are left). */
  detail?: string;
  createdAt: Date;
  lastUsedAt?: Date;
  actions: SecurityInfoAction[];
  /** A warning shown under the list while this is true of the row (few recovery codes left). */
  notice?: string;
}

/** The row of a method kept in the authenticators collection: removed through /security-info/methods. */
export function authenticatorRow(record: AuthenticatorRecord, label: string, detail?: string, notice?: string): SecurityInfoRow {
  return {
    id: record._id.toString(), kind: record.type, label, detail, createdAt: record.createdAt, lastUsedAt: record.lastUsedAt,
    actions: [{ url: '/security-info/methods', field: 'method', action: 'remove', label: text('securityInfo.remove'), names: label }],
    notice,
  };
}

/** A method's rows, oldest first across methods (as they were registered). */
export function oldestFirst(rows: readonly SecurityInfoRow[]): SecurityInfoRow[] {
  return [...rows].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}
