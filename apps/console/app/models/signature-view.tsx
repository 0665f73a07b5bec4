import { formatShape } from '../../lib/model-registry';
import type { ModelVersion } from '../../lib/tracking-hooks';

type Signature = ModelVersion['signature'];
type Tensor = Signature['inputs'][number];

/**
 * A version's ONNX signature, as read from the file: its input and output tensors (names,
 * element types, shapes), the opsets it needs, and the names of the input's columns.
 */
export function SignatureView({
  signature,
  featureNames,
}: {
  signature: Signature;
  featureNames: readonly string[] | null;
}) {
  return (
    <div className="signature" data-testid="signature">
      <div className="signature-tensors">
        <TensorTable title="Inputs" tensors={signature.inputs} />
        <TensorTable title="Outputs" tensors={signature.outputs} />
      </div>
      <dl className="facts signature-facts">
        <dt>Feature names</dt>
        <dd>
          {featureNames && featureNames.length > 0 ? (
            <span className="tags" data-testid="feature-names">
              {featureNames.map((f, i) => (
                <span key={`${i}:${f}`} className="tag" title={`column ${i}`}>
                  {f}
                </span>
              ))}
            </span>
          ) : (
            <span className="muted">
              not named (records must be sent as tensors, in the input’s column order)
            </span>
          )}
        </dd>
        <dt>Opsets</dt>
        <dd>
          {signature.opsets.length === 0 ? (
            <span className="muted">—</span>
          ) : (
            signature.opsets.map((o) => (
              <code key={o.domain} className="opset">
                {o.domain || 'ai.onnx'} {o.version}
              </code>
            ))
          )}
        </dd>
      </dl>
    </div>
  );
}

function TensorTable({ title, tensors }: { title: string; tensors: readonly Tensor[] }) {
  return (
    <div>
      <h3 className="tensor-title">{title}</h3>
      <table className="tensor-table" aria-label={title}>
        <thead>
          <tr>
            <th>Name</th>
            <th>Type</th>
            <th>Shape</th>
          </tr>
        </thead>
        <tbody>
          {tensors.map((t) => (
            <tr key={t.name}>
              <td>
                <code>{t.name}</code>
              </td>
              <td>
                <code>{t.elementType}</code>
              </td>
              <td>
                <code>{formatShape(t.shape)}</code>
              </td>
            </tr>
          ))}
          {tensors.length === 0 && (
            <tr>
              <td colSpan={3} className="muted">
                none
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
