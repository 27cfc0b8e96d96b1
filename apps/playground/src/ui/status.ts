/** Shows a line of text in a status element, in red when it is an error. */
export type SetStatus = (text: string, error?: boolean) => void;

/** A status setter writing to `el` (class `error` on errors). */
export function statusLine(el: HTMLElement): SetStatus {
  return (text, error = false) => {
    el.textContent = text;
    el.classList.toggle('error', error);
  };
}
