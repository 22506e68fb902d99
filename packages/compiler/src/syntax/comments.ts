/** What nixfmt reads into a comment's text. */

/** A language annotation: a one-line block comment naming a language (nixfmt's rule). */
const LANGUAGE = /^\/\*(?!\*)[ \t]*([A-Za-z0-9+\-._]{1,30})[ \t]*\*\/$/;

/** The language a comment like `/* lua *\/` names, if it is one. */
export function annotatedLanguage(text: string): string | undefined {
  return LANGUAGE.exec(text)?.[1];
}

/** Whether `text` at `offset` starts a string (`"` or `''`), after blanks and at most one line break. */
export function stringFollows(text: string, offset: number): boolean {
  return /^[^\S\n]*\n?[^\S\n]*(?:"|'')/.test(text.slice(offset, offset + 200));
}
