// DOM helpers the pages share.

/** The element with this id; each page's HTML has every id its script asks for. */
export const $ = (id: string): HTMLElement => document.getElementById(id)!;

/** An error as the pages show it: "Name: message" (anything else thrown, as a string). */
export function describeError(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}
