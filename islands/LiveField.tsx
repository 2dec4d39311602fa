/** A username or e-mail input that says what is wrong with it as soon as the visitor leaves it. */
import { useState } from "preact/hooks";
import { emailProblem, usernameProblem } from "../accounts/rules.ts";

interface Props {
  kind: "username" | "email";
  name: string;
  label: string;
  hint: string;
  value?: string;
  error?: string;
  messages: Record<string, string>;
  autofocus?: boolean;
}

export default function LiveField(props: Props) {
  const [error, setError] = useState(props.error);
  const id = `field-${props.name}`;
  const check = (event: Event) => {
    const value = (event.target as HTMLInputElement).value.trim();
    const problem = value === ""
      ? undefined
      : props.kind === "username"
      ? usernameProblem(value)
      : emailProblem(value);
    setError(problem ? props.messages[`error.${problem}`] : undefined);
  };
  return (
    <div class={`field${error ? " invalid" : ""}`}>
      <label for={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        // Preact types each input type apart; both take these attributes.
        type={(props.kind === "email" ? "email" : "text") as "text"}
        value={props.value}
        autocomplete={props.kind === "email" ? "email" : "username"}
        required
        autofocus={props.autofocus}
        onBlur={check}
        onInput={(event) => error && check(event)}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={`${id}-hint`}
      />
      {error && <p class="field-error">{error}</p>}
      <p id={`${id}-hint`} class="hint">{props.hint}</p>
    </div>
  );
}
