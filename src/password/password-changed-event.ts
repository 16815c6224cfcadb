/**
 * What a password change tells the rest of the system (the hooks in `Services`), kept apart from
 * the change itself so `services.ts` can name it without importing the code that needs `Services`.
 */
export type PasswordChangeReason = 'risk' | 'admin' | 'self' | 'reset';

export interface PasswordChangedEvent {
  userId: string;
  reason: PasswordChangeReason;
  /** MFA was proven in the same sign-in or reset (a secure password change, in Entra's terms). */
  afterMfa: boolean;
  at: Date;
}
