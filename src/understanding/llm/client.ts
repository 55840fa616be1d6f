import OpenAI, { AzureOpenAI } from 'openai';

// One client for any OpenAI-compatible server. Azure deployment URLs need an api-version and
// the api-key header: they go through the SDK's Azure client, which builds the deployment
// path itself (an api-version pasted into the base URL would be mangled by the plain client).
// Azure's /openai/v1 endpoint is OpenAI-compatible and needs neither.

export interface ClientOptions {
  apiKey: string;
  baseURL?: string;
  /** Azure api-version, e.g. 2024-10-21; also read from an api-version in baseURL. */
  apiVersion?: string;
  timeoutMs: number;
}

export interface AzureTarget {
  endpoint: string;
  deployment: string | undefined;
  apiVersion: string;
}

/** The Azure reading of the settings, or null for a plain OpenAI-compatible server. */
export function azureTarget(baseURL: string | undefined, apiVersion: string | undefined): AzureTarget | null {
  if (!baseURL) return null;
  let url: URL;
  try {
    url = new URL(baseURL);
  } catch {
    return null;
  }
  const version = apiVersion ?? url.searchParams.get('api-version') ?? undefined;
  // The v1 endpoint takes no api-version: the plain client is right for it.
  if (!version || /\/openai\/v1\/?$/.test(url.pathname)) return null;
  const deployment = /\/openai\/deployments\/([^/]+)/.exec(url.pathname)?.[1];
  return { endpoint: url.origin, deployment: deployment ? decodeURIComponent(deployment) : undefined, apiVersion: version };
}

const isAzureHost = (baseURL: string | undefined) => {
  try {
    return baseURL ? /\.(?:openai\.azure\.com|cognitiveservices\.azure\.com|services\.ai\.azure\.com)$/i.test(new URL(baseURL).hostname) : false;
  } catch {
    return false;
  }
};

export function createClient(opts: ClientOptions): OpenAI {
  // Retries are ours (bounded by the turn's deadline), so the SDK's are off.
  const common = { apiKey: opts.apiKey, timeout: opts.timeoutMs, maxRetries: 0 };
  const azure = azureTarget(opts.baseURL, opts.apiVersion);
  if (azure) return new AzureOpenAI({ ...common, endpoint: azure.endpoint, apiVersion: azure.apiVersion, deployment: azure.deployment });
  return new OpenAI({
    ...common,
    baseURL: opts.baseURL,
    // Azure's v1 endpoint accepts the key in api-key; Bearer alone is refused by some resources.
    ...(isAzureHost(opts.baseURL) ? { defaultHeaders: { 'api-key': opts.apiKey } } : {}),
  });
}

/** Where the calls go, for logs and doctor: never the key. */
export function describeTarget(opts: Pick<ClientOptions, 'baseURL' | 'apiVersion'>): string {
  const azure = azureTarget(opts.baseURL, opts.apiVersion);
  if (azure) return `Azure ${azure.endpoint}${azure.deployment ? ` deployment ${azure.deployment}` : ''} (api-version ${azure.apiVersion})`;
  return opts.baseURL ?? 'OpenAI';
}
