/** Password strength by zxcvbn with its common-password dictionaries, on the server. */
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";

let estimator: ZxcvbnFactory | undefined;

/** zxcvbn's score, 0 to 4, counting the user's own name and address as guessable. */
export function passwordScore(password: string, userInputs: string[] = []): number {
  estimator ??= new ZxcvbnFactory({
    dictionary: common.dictionary,
    graphs: common.adjacencyGraphs,
  });
  return estimator.check(password, userInputs).score;
}
