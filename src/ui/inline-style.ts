// Inline style through the CSSOM only. The site's CSP allows no style attributes ('unsafe-inline'), and Lit's
// styleMap writes the attribute as text on its first render; this directive sets each property with
// style.setProperty, which the CSP does not govern. Used as an element binding: <span ${inlineStyle({...})}>.
import { noChange } from 'lit';
import { Directive, directive, type ElementPart, type PartInfo, PartType } from 'lit/directive.js';

type Props = Record<string, string | undefined>;

class InlineStyle extends Directive {
  private shown = new Set<string>();

  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('inlineStyle() binds to an element: put it inside the tag, not in an attribute');
  }

  render(_props: Props) {
    return noChange;
  }

  override update(part: ElementPart, [props]: [Props]) {
    const style = (part.element as HTMLElement).style;
    for (const name of this.shown) if (props[name] === undefined) style.removeProperty(name);
    this.shown = new Set();
    for (const [name, value] of Object.entries(props)) {
      if (value === undefined) continue;
      style.setProperty(name, value);
      this.shown.add(name);
    }
    return noChange;
  }
}

export const inlineStyle = directive(InlineStyle);
