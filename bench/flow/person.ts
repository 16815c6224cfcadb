/**
 * Someone the flow driver plays: a user account, the address they usually sign in from, the
 * cookies their browser keeps between sign-ins (see Browser.keptCookies) and their TOTP app.
 */
export interface Person {
  username: string;
  password: string;
  ip: string;
  cookies: Array<[string, string]>;
  /** The secret of their authenticator app, once one is registered (bench/support/bench-totp.ts). */
  totpSecret?: string;
}

/** A private address per person: 10.0.0.1, 10.0.0.2, … */
export function addressFor(index: number): string {
  const n = index + 1;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

/** Hands out people in turn, so one person is never in two flows at once (people ≫ concurrency). */
export function rotation(people: Person[]): () => Person {
  let next = 0;
  return () => {
    const person = people[next % people.length];
    next += 1;
    if (!person) throw new Error('no people to sign in');
    return person;
  };
}
