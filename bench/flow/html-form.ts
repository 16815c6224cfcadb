/** Reading the forms on a page the way the flow driver needs: action, inputs, submit buttons. */
export interface Form {
  action: string;
  fields: Record<string, string>;
  /** `autocomplete` token of each named input (username, current-password, one-time-code, …). */
  autocomplete: Record<string, string>;
  buttons: string[];
}

function decodeEntities(value: string): string {
  return value.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

export function formsOf(html: string): Form[] {
  return [...html.matchAll(/<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/g)].map((match) => {
    const body = match[2] ?? '';
    const fields: Record<string, string> = {};
    const autocomplete: Record<string, string> = {};
    for (const input of body.matchAll(/<input[^>]*>/g)) {
      const name = /name="([^"]*)"/.exec(input[0])?.[1];
      if (!name) continue;
      fields[name] = decodeEntities(/value="([^"]*)"/.exec(input[0])?.[1] ?? '');
      const token = /autocomplete="([^"]*)"/.exec(input[0])?.[1];
      if (token) autocomplete[name] = token;
    }
    const buttons = [...body.matchAll(/<button[^>]*name="action"[^>]*value="([^"]*)"/g)].map((b) => b[1] ?? '');
    return { action: decodeEntities(match[1] ?? ''), fields, autocomplete, buttons };
  });
}

/** The input named by its autocomplete token, e.g. the `current-password` field. */
export function fieldWithAutocomplete(form: Form, token: string): string | undefined {
  return Object.entries(form.autocomplete).find(([, value]) => value.split(/\s+/).includes(token))?.[0];
}
