import { h } from './h';

/** Shows class probabilities as bars, the most likely one highlighted; returns nothing, replaces `el`'s content. */
export function showProbs(el: HTMLElement, probs: readonly number[]): void {
  const top = probs.indexOf(Math.max(...probs));
  el.replaceChildren(
    ...probs.flatMap((p, k) => {
      const bar = h('div', { class: k === top ? 'bar top' : 'bar' });
      bar.style.width = `${Math.max(0.5, p * 100)}%`;
      return [h('span', {}, String(k)), h('div', {}, bar), h('span', {}, `${(p * 100).toFixed(1)}%`)];
    }),
  );
}
