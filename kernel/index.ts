/** `d2l-ts/kernel`: the client, the wire codec and the bridge types, for runners and tools. */
export * from "./client/index.js";
export { encode, decode, makeSigner, DecodeError, SignatureSchemeError, DELIMITER, type Decoded, type SignOptions, type Signer } from "./wire/codec.js";
export { readConnectionFile, validateConnection, endpoint, ConnectionFileError, type ConnectionInfo } from "./wire/connection.js";
export * from "./wire/messages.js";
export type { ToExecutor, FromExecutor, ErrorInfo } from "./bridge.js";
