export { KernelClient, KernelClientError, type ExecuteOptions, type ExecuteResponse, type RequestResult, type InputRequestInfo } from "./client.js";
export { startKernel, writeConnectionFile, freePorts, defaultKernelArgv, kernelSpecEnv, PACKAGE_ROOT, type StartKernelOptions, type RunningKernel } from "./start.js";
export { OutputCollector, type NbOutput } from "./outputs.js";
