/**
 * How the password reset's verify page asks for one way of verifying (README.md, "Self-service
 * password reset"): its words and its form, a typed code or a WebAuthn ceremony. Each MFA method
 * brings its own (`resetForm`); the e-mailed code is the reset's own (src/password/reset/).
 */
import type { TextId } from '../text/catalogue.ts';
import type { RelyingParty } from './passkeys/relying-party.ts';

/** What a ceremony's options for a reset are bound to. */
export interface ResetCeremonyStart {
  rp: RelyingParty;
  /** The reset flow's binding: its answer is checked against this flow's challenge only. */
  boundTo: string;
  now: Date;
}

interface ResetFormWords {
  /** The page's heading. */
  title: TextId;
  /** What the page says when the user chose it. */
  body: TextId;
  /** A hint below the form. */
  help?: TextId;
  /** What the page says when the reset asks for it after another way was verified (`{address}`: the masked reset address). */
  next: TextId;
}

/** A typed code: its box's label; `letters`: the code has letters too (a recovery code), not digits only. */
export interface ResetCodeForm extends ResetFormWords {
  kind: 'code';
  label: TextId;
  letters: boolean;
}

/** A WebAuthn ceremony: its button, what a refused answer says, its scripts and the request options it asks for. */
export interface ResetCeremonyForm extends ResetFormWords {
  kind: 'webauthn';
  button: TextId;
  failed: TextId;
  scripts: readonly string[];
  options(start: ResetCeremonyStart): Promise<unknown>;
}

export type ResetForm = ResetCodeForm | ResetCeremonyForm;
