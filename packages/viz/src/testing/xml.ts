/** A parsed XML element: name, attributes, child elements and concatenated text. */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_:][\w:.-]*/;
const ENTITY = /^&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/;

function decode(s: string, where: () => string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '<') throw new Error(`xml: '<' not allowed in text or attribute at ${where()}`);
    if (s[i] !== '&') {
      out += s[i];
      continue;
    }
    const m = ENTITY.exec(s.slice(i));
    if (!m) throw new Error(`xml: bad entity reference at ${where()}: ${s.slice(i, i + 10)}`);
    const e = m[0].slice(1, -1);
    out += e.startsWith('#x')
      ? String.fromCodePoint(parseInt(e.slice(2), 16))
      : e.startsWith('#')
        ? String.fromCodePoint(Number(e.slice(1)))
        : { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[e];
    i += m[0].length - 1;
  }
  return out;
}

/**
 * Strict well-formedness parser for the XML our renderers write (test helper): one root element,
 * matched and properly nested tags, quoted unique attributes, valid entity references, no stray '<'/'&'.
 * Comments, processing instructions and a leading XML declaration are skipped; DOCTYPE and CDATA are rejected.
 */
export function parseXml(src: string): XmlElement {
  let i = 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const at = () => {
    const before = src.slice(0, i);
    return `line ${before.split('\n').length}, col ${i - before.lastIndexOf('\n')}`;
  };
  const skipWs = () => {
    while (i < src.length && /\s/.test(src[i]!)) i++;
  };
  while (i < src.length) {
    const lt = src.indexOf('<', i);
    const text = src.slice(i, lt < 0 ? src.length : lt);
    if (stack.length) stack[stack.length - 1]!.text += decode(text, at);
    else if (text.trim())
      throw new Error(`xml: text outside the root element at ${at()}: '${text.trim().slice(0, 20)}'`);
    if (lt < 0) break;
    i = lt;
    if (src.startsWith('<!--', i)) {
      const end = src.indexOf('-->', i + 4);
      if (end < 0) throw new Error(`xml: unterminated comment at ${at()}`);
      i = end + 3;
      continue;
    }
    if (src.startsWith('<?', i)) {
      const end = src.indexOf('?>', i + 2);
      if (end < 0) throw new Error(`xml: unterminated processing instruction at ${at()}`);
      i = end + 2;
      continue;
    }
    if (src.startsWith('<!', i)) throw new Error(`xml: DOCTYPE/CDATA not expected at ${at()}`);
    if (src.startsWith('</', i)) {
      i += 2;
      const m = NAME.exec(src.slice(i));
      if (!m) throw new Error(`xml: bad closing tag at ${at()}`);
      i += m[0].length;
      skipWs();
      if (src[i] !== '>') throw new Error(`xml: expected '>' at ${at()}`);
      i++;
      const open = stack.pop();
      if (!open || open.name !== m[0]) {
        throw new Error(`xml: closing </${m[0]}> does not match <${open?.name ?? '(none)'}> at ${at()}`);
      }
      if (!stack.length) root = open;
      continue;
    }
    i++;
    const m = NAME.exec(src.slice(i));
    if (!m) throw new Error(`xml: bad tag name at ${at()}`);
    if (root) throw new Error(`xml: second root element <${m[0]}> at ${at()}`);
    i += m[0].length;
    const el: XmlElement = { name: m[0], attrs: {}, children: [], text: '' };
    for (;;) {
      const ws = i;
      skipWs();
      if (src.startsWith('/>', i)) {
        i += 2;
        if (stack.length) stack[stack.length - 1]!.children.push(el);
        else root = el;
        break;
      }
      if (src[i] === '>') {
        i++;
        if (stack.length) stack[stack.length - 1]!.children.push(el);
        stack.push(el);
        break;
      }
      if (i === ws) throw new Error(`xml: expected whitespace before attribute in <${el.name}> at ${at()}`);
      const an = NAME.exec(src.slice(i));
      if (!an) throw new Error(`xml: bad attribute in <${el.name}> at ${at()}`);
      i += an[0].length;
      skipWs();
      if (src[i] !== '=') throw new Error(`xml: attribute ${an[0]} needs a value at ${at()}`);
      i++;
      skipWs();
      const q = src[i];
      if (q !== '"' && q !== "'") throw new Error(`xml: attribute ${an[0]} value must be quoted at ${at()}`);
      const end = src.indexOf(q, i + 1);
      if (end < 0) throw new Error(`xml: unterminated attribute ${an[0]} at ${at()}`);
      if (an[0] in el.attrs) throw new Error(`xml: duplicate attribute ${an[0]} in <${el.name}> at ${at()}`);
      el.attrs[an[0]] = decode(src.slice(i + 1, end), at);
      i = end + 1;
    }
  }
  if (stack.length) throw new Error(`xml: <${stack[stack.length - 1]!.name}> is never closed`);
  if (!root) throw new Error('xml: no root element');
  return root;
}

/** Every element of the tree (root included), depth first. */
export function allElements(el: XmlElement): XmlElement[] {
  return [el, ...el.children.flatMap(allElements)];
}

/** Elements whose class attribute contains `cls` (whitespace-separated, like CSS `.cls`). */
export function byClass(el: XmlElement, cls: string): XmlElement[] {
  return allElements(el).filter((e) => (e.attrs.class ?? '').split(/\s+/).includes(cls));
}
