/**
 * The language of the fixed words in displays (table headers, states, totals, legends, graph
 * labels, summary notes). A notebook chooses it once, e.g. `setDisplayLanguage("vi")`;
 * identifiers, shapes, numbers and the JSON records stay as they are. Errors and warnings stay
 * English: they are searched for and reported.
 */
export type DisplayLanguage = "en" | "vi";

export const DISPLAY_LANGUAGES: readonly DisplayLanguage[] = ["en", "vi"];

let current: DisplayLanguage = "en";

/** Chooses the language of every display made from now on ("en" or "vi"); returns the previous one. */
export function setDisplayLanguage(lang: DisplayLanguage): DisplayLanguage {
  if (!DISPLAY_LANGUAGES.includes(lang)) throw new RangeError(`setDisplayLanguage: expected one of ${DISPLAY_LANGUAGES.map((l) => `"${l}"`).join(", ")}, got ${JSON.stringify(lang)}`);
  const before = current;
  current = lang;
  return before;
}

export function displayLanguage(): DisplayLanguage {
  return current;
}

const en = {
  parameters: "Parameters",
  paramsOf: (owner: string) => `${owner} parameters`,
  parameterTitle: (name: string) => `Parameter ${name}`,
  parameterWord: "Parameter",
  constantWord: "Constant",
  colName: "Name",
  colShape: "Shape",
  colDtype: "Dtype",
  colState: "State",
  colElements: "Elements",
  colInitializer: "Initializer",
  state: { ready: "ready", deferred: "deferred", "never-initialized": "never-initialized", constant: "constant" },
  stateTitle: {
    ready: "",
    deferred: "shape not known yet: initialized at the first forward pass",
    "never-initialized": "call initialize() first",
    constant: "fixed value: no gradient, not initialized",
  },
  nParameters: (n: number) => `${n} parameter${n === 1 ? "" : "s"}`,
  nReady: (n: number) => `${n} ready`,
  nDeferred: (n: number) => `${n} deferred`,
  nNever: (n: number) => `${n} never initialized`,
  nConstant: (n: number) => `${n} constant`,
  elements: (count: string) => `${count} elements`,
  unknownSize: (n: number, why: string) => ` + ${n} of unknown size (-1: ${why})`,
  total: "Total",
  moreParameters: (n: string) => `… ${n} more parameters …`,
  moreLayers: (n: string) => `… ${n} more layers …`,
  unknownTitle: "unknown until the first batch passes through the network",
  unknownShort: "unknown until the first batch",
  deferredInit: "deferred initialization",
  nLayers: (n: number) => `${n} layer${n === 1 ? "" : "s"}`,
  summaryNoShape: "Summary (no input shape given)",
  summaryFor: (shape: string) => `Summary for input shape ${shape}`,
  colLayer: "Layer",
  colType: "Type",
  colOutShape: "Output shape",
  colParams: "Params",
  totalParams: "Total params",
  unknownCount: (layers: string) => `unknown (${layers})`,
  note: "Note",
  noShapeUnknown: (parts: string[]) =>
    `No input shape was given, so the sizes that depend on the input cannot be known yet: ${parts.join(" and ")} (shown as ? or -1). ` +
    "Call summary with an input shape, e.g. net.summary([2, 20]), or pass one batch through the network.",
  outShapeOf: (layers: string) => `the output shape of ${layers}`,
  paramCountOf: (layers: string) => `the parameter count of ${layers}`,
  noShapeKnown: "No input shape was given; every size shown is already known from the layers' parameters.",
  evenWith: (shape: string, layers: string) => `Even with input shape ${shape}, ${layers} could not be sized (shown as ? or -1).`,
  summaryHint: "Shapes are unknown until a batch passes through (or pass an input shape: net.summary([2, 20])).",
  customForward: "(custom forward)",
  empty: (type: string) => `empty ${type}`,
  input: "input",
  output: "output",
  root: "(root)",
  graphOf: (what: string) => `Shape graph of ${what}`,
  graphUnavailable: (why: string) => `(shape graph unavailable: ${why})`,
  untrustedGraph: "The shape graph is hidden because this output is not trusted. Run the cell (or trust the notebook) to see it.",
  gradientsTitle: (loss: string) => `Gradients (loss ${loss})`,
  tensorCaption: (shape: string, dtype: string, elided: boolean) => `shape ${shape} · ${dtype}${elided ? " · middle rows/columns elided" : ""}`,
};

export type Messages = typeof en;

const vi: Messages = {
  parameters: "Tham số",
  paramsOf: (owner) => `Tham số của ${owner}`,
  parameterTitle: (name) => `Tham số ${name}`,
  parameterWord: "Tham số",
  constantWord: "Hằng số",
  colName: "Tên",
  colShape: "Kích thước",
  colDtype: "Kiểu dữ liệu",
  colState: "Trạng thái",
  colElements: "Số phần tử",
  colInitializer: "Bộ khởi tạo",
  state: { ready: "sẵn sàng", deferred: "khởi tạo trễ", "never-initialized": "chưa khởi tạo", constant: "hằng số" },
  stateTitle: {
    ready: "",
    deferred: "chưa biết kích thước: sẽ được khởi tạo ở lượt truyền xuôi đầu tiên",
    "never-initialized": "hãy gọi initialize() trước",
    constant: "giá trị cố định: không có gradient, không được khởi tạo",
  },
  nParameters: (n) => `${n} tham số`,
  nReady: (n) => `${n} sẵn sàng`,
  nDeferred: (n) => `${n} khởi tạo trễ`,
  nNever: (n) => `${n} chưa khởi tạo`,
  nConstant: (n) => `${n} hằng số`,
  elements: (count) => `${count} phần tử`,
  unknownSize: (n, why) => ` + ${n} chưa biết kích thước (-1: ${why})`,
  total: "Tổng",
  moreParameters: (n) => `… thêm ${n} tham số …`,
  moreLayers: (n) => `… thêm ${n} tầng …`,
  unknownTitle: "chưa biết cho đến khi batch đầu tiên đi qua mạng",
  unknownShort: "chưa biết cho đến batch đầu tiên",
  deferredInit: "khởi tạo trễ",
  nLayers: (n) => `${n} tầng`,
  summaryNoShape: "Tóm tắt (chưa có kích thước đầu vào)",
  summaryFor: (shape) => `Tóm tắt cho đầu vào kích thước ${shape}`,
  colLayer: "Tầng",
  colType: "Loại",
  colOutShape: "Kích thước đầu ra",
  colParams: "Số tham số",
  totalParams: "Tổng số tham số",
  unknownCount: (layers) => `chưa biết (${layers})`,
  note: "Ghi chú",
  noShapeUnknown: (parts) =>
    `Chưa có kích thước đầu vào nên chưa thể biết những kích thước phụ thuộc vào nó: ${parts.join(" và ")} (hiển thị là ? hoặc -1). ` +
    "Hãy gọi summary với một kích thước đầu vào, ví dụ net.summary([2, 20]), hoặc truyền một batch qua mạng.",
  outShapeOf: (layers) => `kích thước đầu ra của ${layers}`,
  paramCountOf: (layers) => `số tham số của ${layers}`,
  noShapeKnown: "Chưa có kích thước đầu vào; mọi kích thước hiển thị đều đã biết từ tham số của các tầng.",
  evenWith: (shape, layers) => `Kể cả với đầu vào kích thước ${shape}, vẫn còn ${layers} chưa xác định được kích thước (hiển thị là ? hoặc -1).`,
  summaryHint: "Chưa biết kích thước cho đến khi một batch đi qua mạng (hoặc truyền kích thước đầu vào: net.summary([2, 20])).",
  customForward: "(forward tự viết)",
  empty: (type) => `${type} rỗng`,
  input: "đầu vào",
  output: "đầu ra",
  root: "(gốc)",
  graphOf: (what) => `Đồ thị kích thước của ${what}`,
  graphUnavailable: (why) => `(không vẽ được đồ thị kích thước: ${why})`,
  untrustedGraph: "Đồ thị kích thước bị ẩn vì đầu ra này chưa được tin cậy. Hãy chạy lại ô (hoặc tin cậy notebook) để xem.",
  gradientsTitle: (loss) => `Gradient (mất mát ${loss})`,
  tensorCaption: (shape, dtype, elided) => `kích thước ${shape} · ${dtype}${elided ? " · đã lược bớt các hàng/cột ở giữa" : ""}`,
};

const CATALOG: Record<DisplayLanguage, Messages> = { en, vi };

/** The fixed words of the current display language. */
export function tr(): Messages {
  return CATALOG[current];
}
