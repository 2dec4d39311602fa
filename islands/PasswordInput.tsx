/**
 * A new-password input that rates the password as it is typed (zxcvbn, loaded only when the
 * field is first used) and says which rule it breaks, before the form is sent.
 */
import { useRef, useState } from "preact/hooks";
import { PASSWORD_MAX, PASSWORD_MIN_SCORE, passwordShapeProblem } from "../accounts/rules.ts";

interface Props {
  name: string;
  label: string;
  hint: string;
  error?: string;
  /** Ids of the inputs whose values must not be guessable from the password (name, e-mail). */
  relatedInputs?: string[];
  /** "strength.0" … "strength.4", "strength.label" and the rule messages by problem. */
  messages: Record<string, string>;
}

type Estimator = (password: string, inputs: string[]) => number;
let estimator: Promise<Estimator> | undefined;

function loadEstimator(): Promise<Estimator> {
  estimator ??= Promise.all([import("@zxcvbn-ts/core"), import("@zxcvbn-ts/language-common")])
    .then(([core, common]) => {
      const factory = new core.ZxcvbnFactory({
        dictionary: common.dictionary,
        graphs: common.adjacencyGraphs,
      });
      return (password, inputs) => factory.check(password, inputs).score;
    });
  return estimator;
}

export default function PasswordInput(props: Props) {
  const { messages: m } = props;
  const [score, setScore] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const latest = useRef("");
  const id = `field-${props.name}`;

  const onInput = async (event: Event) => {
    const password = (event.target as HTMLInputElement).value;
    latest.current = password;
    const related = (props.relatedInputs ?? [])
      .map((inputId) => (document.getElementById(inputId) as HTMLInputElement | null)?.value ?? "")
      .filter(Boolean);
    if (!password) {
      setScore(null);
      setProblem(undefined);
      return;
    }
    const shape = passwordShapeProblem(password, related[0]);
    const rate = await loadEstimator();
    if (latest.current !== password) return;
    const value = rate(password, related);
    setScore(value);
    setProblem(shape ?? (value < PASSWORD_MIN_SCORE ? "password.weak" : undefined));
  };

  const error = problem ? m[`error.${problem}`] : props.error;
  return (
    <div class={`field${error ? " invalid" : ""}`}>
      <label for={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type="password"
        autocomplete="new-password"
        required
        maxLength={PASSWORD_MAX}
        onInput={onInput}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={`${id}-hint ${id}-strength`}
      />
      {error && <p class="field-error">{error}</p>}
      <p id={`${id}-strength`} class="strength" data-score={score ?? undefined} aria-live="polite">
        {score !== null && (
          <>
            <span class="meter" aria-hidden="true">
              {[0, 1, 2, 3].map((i) => <span key={i} class={i < Math.max(score, 1) ? "on" : ""} />)}
            </span>
            {m["strength.label"].replace("{level}", m[`strength.${score}`])}
          </>
        )}
      </p>
      <p id={`${id}-hint`} class="hint">{props.hint}</p>
    </div>
  );
}
