/** A lesson's Markdown as React elements (markdown.ts reads it): the file's text is only ever text. */
import { useMemo } from 'react';
import { parseMarkdown, type Span } from './markdown';

function Spans(props: { spans: Span[] }): React.JSX.Element {
  return (
    <>
      {props.spans.map((s, i) =>
        s.kind === 'bold' ? <strong key={i}>{s.text}</strong> : s.kind === 'italic' ? <em key={i}>{s.text}</em> : s.kind === 'code' ? <code key={i}>{s.text}</code> : <span key={i}>{s.text}</span>,
      )}
    </>
  );
}

export function Markdown(props: { text: string; className?: string }): React.JSX.Element {
  const blocks = useMemo(() => parseMarkdown(props.text), [props.text]);
  return (
    <div className={props.className}>
      {blocks.map((b, i) => {
        if (b.kind === 'paragraph')
          return (
            <p key={i}>
              <Spans spans={b.spans} />
            </p>
          );
        const items = b.items.map((item, j) => (
          <li key={j}>
            <Spans spans={item} />
          </li>
        ));
        return b.ordered ? <ol key={i}>{items}</ol> : <ul key={i}>{items}</ul>;
      })}
    </div>
  );
}
