/** An area's words in both languages; English must name every key Chinese has. */
export function defineMessages<const Zh extends Record<string, string>>(zh: Zh, en: Record<keyof Zh, string>) {
  return { zh, en };
}
