/**
 * A value already written as JSON. A frame that carries one places its JSON as is: a stored
 * message goes out in its sender's answer and in the push to every other member, and is
 * serialised once for all of them.
 */
export class Serialized {
  constructor(readonly json: string) {}
}
