import { ForwardError, type Forwarder } from "./context";

/** For runtimes without undici (the Edge): the platform's fetch, with the endpoint's timeout. */
export const fetchForwarder: Forwarder = async ({ url, method, headers, body, timeoutMs }) => {
  try {
    return await fetch(url, {
      method,
      headers,
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
      // Required to stream a request body.
      duplex: "half",
    } as RequestInit);
  } catch (error) {
    const name = (error as { name?: string }).name;
    throw new ForwardError(name === "TimeoutError" ? "timeout" : "unreachable", String(error));
  }
};
