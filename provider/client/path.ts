import { ConfigurationError } from "./errors";

/**
 * A request path that knows the template it was made from, as the official Terraform provider's client keeps
 * template and parameters together and openai-node builds every request from one `path` template. The limiter
 * paces by the template (the unit the admin API limits), so the template travels with the path rather than being
 * looked up from it. Made only by {@link apiPath}: a path glued from two of them is a string, and a string is not
 * a path the client sends.
 */
export class ApiPath {
  /** The template with `{}` for each parameter: `/organization/projects/{}/spend_alerts/{}`. */
  readonly template: string;
  /** The parameters, as given (not escaped). */
  readonly params: readonly string[];
  /** The path sent, each parameter escaped: `/organization/projects/proj_1/spend_alerts/alert_1`. */
  readonly path: string;

  constructor(strings: readonly string[], params: readonly string[]) {
    this.path = strings.reduce((out, s, i) => {
      if (i === 0) return s;
      const p = params[i - 1];
      if (typeof p !== "string" || p === "" || p === "." || p === "..") {
        throw new ConfigurationError(`invalid id in request path: ${JSON.stringify(p)}`);
      }
      return out + encodeURIComponent(p) + s;
    }, "");
    this.template = strings.join("{}");
    this.params = Object.freeze([...params]);
    Object.freeze(this);
  }

  toString(): string {
    return this.path;
  }
}

/**
 * Builds a path from a template, escaping each parameter and refusing ones that would change the path's meaning
 * (empty, `.` or `..`): apiPath`/organization/projects/${id}`.
 */
export function apiPath(strings: TemplateStringsArray, ...params: string[]): ApiPath {
  return new ApiPath(strings, params);
}
