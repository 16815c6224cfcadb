/**
 * The fake method's words. A real method adds them to its feature's texts.ts; the fake, defined
 * in the tests, puts them into the catalogue when imported, under ids src/ does not know (hence the casts).
 */
import { catalogue, type TextId } from '../../../src/text/catalogue.ts';

export const PIN_TEXTS = {
  'fakePin.label': 'PIN',
  'fakePin.add': 'Add a PIN',
  'fakePin.field': 'Your 8-digit PIN',
  'fakePin.reset': 'Use my PIN',
  'fakePin.register': 'Choose a PIN',
  'fakePin.registerInstead': 'Use a PIN instead',
  'fakePin.resetTitle': 'Enter your PIN',
  'fakePin.resetBody': 'Enter the 8-digit PIN you chose for this account.',
  'fakePin.resetNext': 'Thank you. Your account also needs your PIN.',
};

Object.assign(catalogue, PIN_TEXTS);

export function pinText(id: keyof typeof PIN_TEXTS): TextId {
  return id as TextId;
}
