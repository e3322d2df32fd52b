import { Braces } from 'lucide-react';
import type { ReactNode } from 'react';
import { cellText, isRecord, isScalar, prettyJson, structuredShape, type Scalar } from './structured-shape';

function ScalarText({ value }: { value: Scalar }) {
  return <span className={`json-${value === null ? 'null' : typeof value}`}>{cellText(value)}</span>;
}

/** Nested values as an outline: records and lists open by default at the top, folded deeper down. */
function Tree({ value, depth = 0 }: { value: unknown; depth?: number }): ReactNode {
  if (isScalar(value)) return <ScalarText value={value} />;
  const entries: Array<[string, unknown]> = Array.isArray(value)
    ? value.map((v, i) => [String(i), v])
    : isRecord(value)
      ? Object.entries(value)
      : [];
  if (entries.length === 0) return <span className="json-null">{Array.isArray(value) ? '[ ]' : '{ }'}</span>;
  return (
    <ul className="json-tree">
      {entries.map(([key, child]) => (
        <li key={key}>
          {isScalar(child) ? (
            <>
              <span className="json-key">{key}</span>: <ScalarText value={child} />
            </>
          ) : (
            <details open={depth < 2}>
              <summary>
                <span className="json-key">{key}</span>
                <span className="json-count">
                  {Array.isArray(child) ? ` [${child.length}]` : ` {${Object.keys(child as object).length}}`}
                </span>
              </summary>
              <Tree value={child} depth={depth + 1} />
            </details>
          )}
        </li>
      ))}
    </ul>
  );
}

function Parsed({ value }: { value: unknown }) {
  const shape = structuredShape(value);
  if (shape.kind === 'rows') {
    return (
      <div className="structured-table-wrap">
        <table className="structured-table">
          <thead>
            <tr>
              {shape.columns.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shape.rows.map((row, i) => (
              <tr key={i}>
                {shape.columns.map((c) => (
                  <td key={c}>{cellText(row[c])}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }
  if (shape.kind === 'pairs') {
    return (
      <div className="structured-table-wrap">
        <table className="structured-table">
          <tbody>
            {shape.pairs.map(([key, v]) => (
              <tr key={key}>
                <th scope="row">{key}</th>
                <td>
                  <ScalarText value={v} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }
  if (shape.kind === 'scalar') return <ScalarText value={shape.value} />;
  return <Tree value={value} />;
}

/** A structured answer (validated against its schema): the parsed result as a table or tree, beside the raw JSON. */
export function StructuredAnswer({ value, raw }: { value: unknown; raw: string }) {
  return (
    <section className="structured" aria-label="Structured answer">
      <div className="structured-pane">
        <h3 className="structured-label">
          <Braces size={12} aria-hidden /> Parsed (matches the schema)
        </h3>
        <Parsed value={value} />
      </div>
      <div className="structured-pane">
        <h3 className="structured-label">JSON</h3>
        <pre className="structured-json" tabIndex={0} aria-label="Raw JSON">
          {prettyJson(raw, value)}
        </pre>
      </div>
    </section>
  );
}
