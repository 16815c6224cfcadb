/**
 * How many registrations of each registry method a user has (an app, a set of recovery codes,
 * each passkey), counted from the rows each method shows in security info: what `mfa status
 * --json` and the `mfa reset` audit event report, for every method without naming one.
 */
import { METHODS, type MfaMethodId } from './method-registry.ts';

export interface MethodRegistrations { method: MfaMethodId; registrations: number }

export async function registeredMethods(userId: string): Promise<MethodRegistrations[]> {
  const counts = await Promise.all(METHODS.map(async (method) => ({ method: method.id, registrations: (await method.securityInfoRows(userId)).length })));
  return counts.filter((count) => count.registrations > 0);
}
