/** Text as XML 1.0 can hold it: without the control characters it forbids. */
export function xmlText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
}

/** One line, for attributes (a parser turns line ends in attributes into spaces anyway). */
export function xmlLine(text: string): string {
  return xmlText(text).replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
