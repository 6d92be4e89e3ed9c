/**
 * The prototype(s) tensors are made with. tfjs keeps its engine on the global object, so when a
 * user loaded another copy of tfjs-core before d2l-ts, tensors come from that copy's Tensor class,
 * not from `tf.Tensor`: methods the library installs go on both.
 */
import { tf } from "./tf.js";

export function tensorPrototypes(): object[] {
  const probe = tf.scalar(0);
  const made = Object.getPrototypeOf(probe) as object;
  probe.dispose();
  const own = tf.Tensor.prototype as object;
  return made === own ? [own] : [own, made];
}
