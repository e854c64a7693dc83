/**
 * A small, strict XML 1.0 reader for the tests (no dependency): it accepts the subset Renkei writes
 * (a declaration, elements, double- or single-quoted attributes, text with the five predefined and
 * numeric character references) and throws on anything not well-formed — an unclosed or mismatched
 * tag, a bare `&` or `<`, a duplicate attribute, a character XML forbids, content after the root.
 */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_][\w.:-]*/;
// eslint-disable-next-line no-control-regex -- matching the characters XML forbids is the point
const FORBIDDEN = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string, where: number): string {
  if (text.includes('<')) throw new Error(`Bare < at ${where}`);
  return text.replace(/&([^;]*);?/g, (whole, name: string) => {
    if (!whole.endsWith(';')) throw new Error(`Bare & at ${where}`);
    if (ENTITIES[name]) return ENTITIES[name];
    const numeric = /^#(x[0-9a-fA-F]+|[0-9]+)$/.exec(name);
    if (numeric)
      return String.fromCodePoint(
        parseInt(numeric[1].replace(/^x/, ''), numeric[1].startsWith('x') ? 16 : 10),
      );
    throw new Error(`Unknown entity &${name}; at ${where}`);
  });
}

export function parseXml(xml: string): XmlElement {
  if (FORBIDDEN.test(xml)) throw new Error('A character XML 1.0 forbids');
  let i = 0;
  const skipSpace = () => {
    while (i < xml.length && /\s/.test(xml[i])) i += 1;
  };
  if (xml.startsWith('<?xml')) {
    const end = xml.indexOf('?>');
    if (end < 0) throw new Error('Unclosed declaration');
    i = end + 2;
  }
  skipSpace();
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  while (i < xml.length) {
    if (xml[i] === '<') {
      if (xml.startsWith('</', i)) {
        i += 2;
        const name = NAME.exec(xml.slice(i))?.[0];
        const open = stack.pop();
        if (!name || !open || open.name !== name) throw new Error(`Mismatched </${name}> at ${i}`);
        i += name.length;
        skipSpace();
        if (xml[i] !== '>') throw new Error(`Bad end tag at ${i}`);
        i += 1;
        if (stack.length === 0) {
          skipSpace();
          if (i < xml.length) throw new Error(`Content after the root element at ${i}`);
        }
        continue;
      }
      i += 1;
      const name = NAME.exec(xml.slice(i))?.[0];
      if (!name) throw new Error(`Bad tag at ${i}`);
      if (!root && stack.length === 0 && root !== null) throw new Error('Two roots');
      i += name.length;
      const element: XmlElement = { name, attributes: {}, children: [], text: '' };
      for (;;) {
        skipSpace();
        if (xml.startsWith('/>', i) || xml[i] === '>') break;
        const attribute = NAME.exec(xml.slice(i))?.[0];
        if (!attribute) throw new Error(`Bad attribute at ${i}`);
        i += attribute.length;
        skipSpace();
        if (xml[i] !== '=') throw new Error(`Attribute without value at ${i}`);
        i += 1;
        skipSpace();
        const quote = xml[i];
        if (quote !== '"' && quote !== "'") throw new Error(`Unquoted attribute at ${i}`);
        const end = xml.indexOf(quote, i + 1);
        if (end < 0) throw new Error('Unclosed attribute');
        if (attribute in element.attributes) throw new Error(`Duplicate attribute ${attribute}`);
        element.attributes[attribute] = decode(xml.slice(i + 1, end), i);
        i = end + 1;
      }
      if (stack.length > 0) stack[stack.length - 1].children.push(element);
      else if (root) throw new Error('Two root elements');
      else root = element;
      if (xml.startsWith('/>', i)) {
        i += 2;
      } else {
        i += 1;
        stack.push(element);
      }
      continue;
    }
    const next = xml.indexOf('<', i);
    const raw = xml.slice(i, next < 0 ? xml.length : next);
    if (stack.length === 0) {
      if (raw.trim()) throw new Error(`Text outside the root at ${i}`);
    } else {
      stack[stack.length - 1].text += decode(raw, i);
    }
    i = next < 0 ? xml.length : next;
  }
  if (stack.length || !root) throw new Error('Unclosed elements');
  return root;
}

export function child(element: XmlElement, name: string): XmlElement {
  const found = element.children.find((c) => c.name === name);
  if (!found) throw new Error(`No <${name}> in <${element.name}>`);
  return found;
}

export function children(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((c) => c.name === name);
}
