/**
 * Whether the login prompt is shown to a user who is already signed in because the app asked
 * for a fresh sign-in (`prompt=login`, or `max_age` older than the session): the login page then
 * says so, instead of looking as if the session had been lost.
 */
export function isReauthentication(prompt: { name: string; reasons: ReadonlyArray<string> }): boolean {
  if (prompt.name !== 'login' || prompt.reasons.includes('no_session')) return false;
  return prompt.reasons.includes('login_prompt') || prompt.reasons.includes('max_age');
}
