/**
 * Passkeys and security keys in security info: add one (named), rename, remove, and use one as
 * the fresh proof of identity that changes need. Adding, renaming and removing need that fresh
 * proof like every other change. The browser part is views/assets/passkeys.js with the vendored
 * @simplewebauthn/browser bundle: it asks for options as JSON, then posts the authenticator's
 * answer in an ordinary form, so every outcome is a page.
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import { auditSecurityInfo } from '../../audit/security-info.ts';
import { formBody } from '../../http/form.ts';
import { csrfFailed } from '../../http/http-error.ts';
import { mfaMethodAdded, mfaMethodRemoved } from '../../mail/messages/index.ts';
import { notifyUser } from '../../mail/notify-user.ts';
import { authenticationOptions, verifyAuthentication } from './authentication.ts';
import type { PasskeyRecord } from './passkey.ts';
import { registrationOptions, verifyRegistration } from './registration.ts';
import { relyingPartyOf, type RelyingParty } from './relying-party.ts';
import { cleanName, passkeyOfUser, removePasskey, renamePasskey } from './store.ts';
import type { Services } from '../../services.ts';
import { text, type TextId } from '../../text/catalogue.ts';
import { isFresh } from '../../security-info/session.ts';
import type { SecurityInfoKit } from '../../security-info/method-kit.ts';
import { sessionBinding, type Signed } from '../../security-info/signed.ts';

export const PASSKEY_SCRIPTS = ['/assets/simplewebauthn-browser.js', '/assets/passkeys.js'];

export function relyingParty(services: Pick<Services, 'settings' | 'brand'>): RelyingParty {
  return relyingPartyOf(services.settings.issuer, services.brand.productName);
}

/** "Passkey or security key (Work laptop)": the user's name for it goes in the body of a mail, never its subject. */
export function passkeyLabel(passkey: Pick<PasskeyRecord, 'name'>): string {
  return `${text('securityInfo.method.passkey')} (${passkey.name})`;
}

/**
 * The fresh proof from a passkey: a good assertion for this user, on a challenge this session
 * asked for. A cloned key (its counter did not go up) is refused and logged for the risk engine.
 */
export async function verifyPasskeyProof(services: Pick<Services, 'settings' | 'brand' | 'clock' | 'logger'>, signed: Signed, assertion: unknown): Promise<boolean> {
  const result = await verifyAuthentication({ rp: relyingParty(services), userId: signed.user._id.toString(), boundTo: sessionBinding(signed), response: assertion, now: services.clock.now() });
  if (!result.ok && result.reason === 'CLONED') {
    services.logger.warn({ userId: signed.user._id.toString(), passkey: result.passkey._id, counter: result.counter, stored: result.passkey.counter }, 'passkey counter did not increase: possible cloned authenticator');
  }
  return result.ok;
}

async function jsonSigned(ctx: Context, deps: SecurityInfoKit): Promise<Signed | null> {
  const signed = await deps.signedIn(ctx);
  if (!signed) {
    ctx.status = 401;
    ctx.body = { error: text('securityInfo.signedOut.title') };
    return null;
  }
  if (!deps.services.csrf.verify(sessionBinding(signed), formBody(ctx).csrf)) throw csrfFailed();
  return signed;
}

export function passkeyRoutes(router: Router, deps: SecurityInfoKit): void {
  const { services, forms } = deps;
  const rp = relyingParty(services);

  /** A change needs a fresh proof; the list page says how to give one. */
  async function freshForm(ctx: Context): Promise<Signed | null> {
    const signed = await deps.requireForm(ctx);
    if (!signed) return null;
    if (isFresh(signed.session, services.clock.now())) return signed;
    await deps.render(ctx, signed, { status: 403 });
    return null;
  }

  async function ownPasskey(ctx: Context, signed: Signed): Promise<PasskeyRecord | null> {
    const id = formBody(ctx).passkey;
    const found = typeof id === 'string' && id.length <= 64 ? await passkeyOfUser(signed.user._id.toString(), id) : null;
    if (!found) await deps.render(ctx, signed, { error: 'error.badRequest', errorField: '', status: 404 });
    return found;
  }

  router.post('/passkeys/options', forms, async (ctx) => {
    const signed = await jsonSigned(ctx, deps);
    if (!signed) return;
    if (!isFresh(signed.session, services.clock.now())) {
      ctx.status = 403;
      ctx.body = { error: text('securityInfo.verify.title') };
      return;
    }
    const result = await registrationOptions({ rp, userId: signed.user._id.toString(), username: signed.user.username, boundTo: sessionBinding(signed), now: services.clock.now() });
    ctx.status = result.ok ? 200 : 409;
    ctx.body = result.ok ? result.options : { error: text('securityInfo.passkey.tooMany') };
  });

  router.post('/passkeys/verify-options', forms, async (ctx) => {
    const signed = await jsonSigned(ctx, deps);
    if (!signed) return;
    ctx.body = await authenticationOptions({ rp, userId: signed.user._id.toString(), boundTo: sessionBinding(signed), now: services.clock.now() });
  });

  router.post('/passkeys/add', forms, async (ctx) => {
    const signed = await freshForm(ctx);
    if (!signed) return;
    const body = formBody(ctx);
    const now = services.clock.now();
    const name = cleanName(body.name, text('securityInfo.passkey.defaultName'));
    const result = await verifyRegistration({ rp, userId: signed.user._id.toString(), boundTo: sessionBinding(signed), name, response: body.response, now });
    if (!result.ok) {
      const error: TextId = result.reason === 'ALREADY_REGISTERED' ? 'securityInfo.passkey.already' : result.reason === 'TOO_MANY' ? 'securityInfo.passkey.tooMany' : 'securityInfo.passkey.failed';
      await deps.render(ctx, signed, { error, errorField: 'passkey-name', status: result.reason === 'INVALID' || result.reason === 'CHALLENGE' ? 400 : 409 });
      return;
    }
    await auditSecurityInfo(services, ctx, signed.user, { action: 'security-info.method-added', after: { method: 'passkey', name: result.passkey.name } });
    await notifyUser(services.mailer, signed.user, mfaMethodAdded({ brand: services.brand, methodLabel: passkeyLabel(result.passkey), when: now }));
    await deps.render(ctx, signed, { notice: 'securityInfo.passkey.added' });
  });

  router.post('/passkeys/rename', forms, async (ctx) => {
    const signed = await freshForm(ctx);
    if (!signed) return;
    const passkey = await ownPasskey(ctx, signed);
    if (!passkey) return;
    const body = formBody(ctx);
    if (body.action !== 'save-name') {
      renderRename(ctx, signed, passkey);
      return;
    }
    const name = cleanName(body.name, '');
    if (!name) {
      renderRename(ctx, signed, passkey, 'securityInfo.passkey.nameRequired');
      return;
    }
    await renamePasskey(signed.user._id.toString(), passkey._id, name);
    await auditSecurityInfo(services, ctx, signed.user, { action: 'security-info.method-renamed', before: { method: 'passkey', name: passkey.name }, after: { method: 'passkey', name } });
    await deps.render(ctx, signed, { notice: 'securityInfo.passkey.renamed' });
  });

  function renderRename(ctx: Context, signed: Signed, passkey: PasskeyRecord, error?: TextId): void {
    services.renderer.page(ctx, 'security-info/security-info-rename', {
      title: text('securityInfo.passkey.renameTitle', { name: passkey.name }),
      name: passkey.name,
      passkey: passkey._id,
      csrf: deps.csrfFor(signed),
      error: error ? text(error) : undefined,
      errorField: error ? 'name' : undefined,
    }, error ? 400 : 200);
  }

  router.post('/passkeys/remove', forms, async (ctx) => {
    const signed = await freshForm(ctx);
    if (!signed) return;
    const passkey = await ownPasskey(ctx, signed);
    if (!passkey) return;
    if (formBody(ctx).confirmed !== 'yes') {
      services.renderer.page(ctx, 'security-info/security-info-remove', {
        title: text('securityInfo.confirmRemove.title', { method: passkeyLabel(passkey) }),
        label: passkeyLabel(passkey),
        consequence: text('securityInfo.confirmRemove.passkey'),
        action: '/security-info/passkeys/remove',
        field: 'passkey',
        method: passkey._id,
        csrf: deps.csrfFor(signed),
      });
      return;
    }
    const now = services.clock.now();
    if (!await removePasskey(signed.user._id.toString(), passkey._id)) {
      await deps.render(ctx, signed, { error: 'error.badRequest', errorField: '', status: 404 });
      return;
    }
    await auditSecurityInfo(services, ctx, signed.user, { action: 'security-info.method-removed', before: { method: 'passkey', name: passkey.name }, after: { method: null } });
    await notifyUser(services.mailer, signed.user, mfaMethodRemoved({ brand: services.brand, methodLabel: passkeyLabel(passkey), when: now }));
    await deps.render(ctx, signed, { notice: 'securityInfo.removed' });
  });
}

