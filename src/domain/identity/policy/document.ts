// IAM JSON policy documents: parsed, checked and compiled once, so evaluation only walks arrays.
// Grammar (IAM User Guide, "IAM JSON policy elements reference"): Version, Id, Statement (one or a list) of
// Sid, Effect, Action | NotAction, Resource | NotResource, Principal | NotPrincipal, Condition.
// An identity policy must not name a Principal and must name a Resource; a resource policy must name a
// Principal and may omit Resource (it then means the resource the policy is attached to, like "*").
// Policy variables (`${aws:username}`) are substituted in Resource/NotResource and String/ARN condition values
// of Version 2012-10-17 documents only; in a 2008-10-17 document (or one without Version, which IAM reads as
// 2008-10-17) `${…}` is literal text, as in IAM.
import { invalid } from '../../shared/errors.js';
import { type ConditionClause, parseConditionBlock } from './conditions.js';
import { type PatternSet, patternSet } from './wildcard.js';

export type PolicyKind = 'identity' | 'resource';
export type Effect = 'Allow' | 'Deny';

export interface PrincipalSet {
  /** `"*"` or `{"AWS": "*"}`: everyone. */
  anyone: boolean;
  /** 12-digit account ids named directly or as `arn:aws:iam::<id>:root`: the account delegates to IAM. */
  accounts: string[];
  /** Exact principal ARNs (users). */
  arns: string[];
  /** `{"Service": …}` names: never an access-key caller in Quiver. */
  services: string[];
}

export interface CompiledStatement {
  index: number;
  sid?: string;
  effect: Effect;
  actions?: PatternSet;
  notActions?: PatternSet;
  /** Undefined in a resource policy that names none: the attached resource. */
  resources?: PatternSet;
  notResources?: PatternSet;
  principals?: PrincipalSet;
  notPrincipals?: PrincipalSet;
  conditions: ConditionClause[];
}

export interface CompiledPolicy {
  kind: PolicyKind;
  statements: CompiledStatement[];
}

/** IAM's quota for a customer managed policy: 6,144 characters, white space not counted. */
export const IDENTITY_POLICY_MAX_CHARS = 6144;
const VERSIONS = ['2012-10-17', '2008-10-17'];
const TOP_LEVEL = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_KEYS = new Set([
  'Sid',
  'Effect',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Principal',
  'NotPrincipal',
  'Condition',
]);
const ACTION = /^(\*|[a-z0-9-]+:[A-Za-z0-9*?]+)$/;
const ACCOUNT_ID = /^\d{12}$/;
const ACCOUNT_ROOT = /^arn:aws:iam::(\d{12}):root$/;
const PRINCIPAL_ARN = /^arn:aws:(iam|sts)::\d{12}:[A-Za-z-]+\/.+$/;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function stringList(value: unknown, where: string): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) throw invalid(`${where} must not be an empty list`);
  for (const item of list) {
    if (typeof item !== 'string' || item.length === 0) throw invalid(`${where} must be a string or a list of strings`);
  }
  return list as string[];
}

function parseActions(value: unknown, where: string): string[] {
  const actions = stringList(value, where);
  for (const action of actions) {
    if (!ACTION.test(action))
      throw invalid(
        `${where}: '${action}' is not an action (write service:Action, e.g. codeartifact:ReadFromRepository)`,
      );
  }
  return actions;
}

function parseResources(value: unknown, where: string): string[] {
  const resources = stringList(value, where);
  for (const resource of resources) {
    if (resource !== '*' && !resource.startsWith('arn:'))
      throw invalid(`${where}: '${resource}' is not an ARN (arn:aws:<service>:<region>:<account>:<resource>) or "*"`);
  }
  return resources;
}

function parsePrincipal(value: unknown, where: string): PrincipalSet {
  const set: PrincipalSet = { anyone: false, accounts: [], arns: [], services: [] };
  if (value === '*') return { ...set, anyone: true };
  if (!isObject(value))
    throw invalid(`${where} must be "*" or an object such as {"AWS": "arn:aws:iam::<account>:root"}`);
  for (const [type, names] of Object.entries(value)) {
    const list = stringList(names, `${where}.${type}`);
    if (type === 'Service') {
      set.services.push(...list);
      continue;
    }
    if (type !== 'AWS') throw invalid(`${where}: principal type '${type}' is not supported (use AWS or Service)`);
    for (const name of list) {
      const root = ACCOUNT_ROOT.exec(name);
      if (name === '*') set.anyone = true;
      else if (ACCOUNT_ID.test(name)) set.accounts.push(name);
      else if (root) set.accounts.push(root[1]!);
      else if (PRINCIPAL_ARN.test(name)) set.arns.push(name);
      else throw invalid(`${where}: '${name}' is not an account id or a principal ARN`);
    }
  }
  return set;
}

function exactlyOne(statement: Record<string, unknown>, a: string, b: string, where: string, required: boolean) {
  if (statement[a] !== undefined && statement[b] !== undefined) throw invalid(`${where} has both ${a} and ${b}`);
  if (required && statement[a] === undefined && statement[b] === undefined)
    throw invalid(`${where} needs ${a} or ${b}`);
}

function resourceSet(value: unknown, where: string, variables: boolean): PatternSet {
  const resources = parseResources(value, where);
  try {
    return patternSet(resources, false, variables);
  } catch (error) {
    throw invalid(`${where}: ${(error as Error).message}`);
  }
}

function parseStatement(raw: unknown, index: number, kind: PolicyKind, variables: boolean): CompiledStatement {
  if (!isObject(raw)) throw invalid(`Statement ${index + 1} must be an object`);
  const sid = raw.Sid;
  const where = `Statement ${index + 1}${typeof sid === 'string' ? ` (Sid '${sid}')` : ''}`;
  if (sid !== undefined && (typeof sid !== 'string' || !/^[A-Za-z0-9 ]*$/.test(sid)))
    throw invalid(`${where}: Sid must be a string of letters, digits and spaces`);
  for (const key of Object.keys(raw)) {
    if (!STATEMENT_KEYS.has(key)) throw invalid(`${where}: unknown element '${key}'`);
  }
  if (raw.Effect !== 'Allow' && raw.Effect !== 'Deny')
    throw invalid(`${where}: Effect must be "Allow" or "Deny", got ${JSON.stringify(raw.Effect ?? null)}`);
  exactlyOne(raw, 'Action', 'NotAction', where, true);
  exactlyOne(raw, 'Resource', 'NotResource', where, kind === 'identity');
  exactlyOne(raw, 'Principal', 'NotPrincipal', where, kind === 'resource');
  if (kind === 'identity' && (raw.Principal !== undefined || raw.NotPrincipal !== undefined))
    throw invalid(`${where}: an identity-based policy must not name a Principal`);
  return {
    index,
    sid: typeof sid === 'string' ? sid : undefined,
    effect: raw.Effect,
    actions: raw.Action === undefined ? undefined : patternSet(parseActions(raw.Action, `${where} Action`), true),
    notActions:
      raw.NotAction === undefined ? undefined : patternSet(parseActions(raw.NotAction, `${where} NotAction`), true),
    resources: raw.Resource === undefined ? undefined : resourceSet(raw.Resource, `${where} Resource`, variables),
    notResources:
      raw.NotResource === undefined ? undefined : resourceSet(raw.NotResource, `${where} NotResource`, variables),
    principals: raw.Principal === undefined ? undefined : parsePrincipal(raw.Principal, `${where} Principal`),
    notPrincipals:
      raw.NotPrincipal === undefined ? undefined : parsePrincipal(raw.NotPrincipal, `${where} NotPrincipal`),
    conditions: raw.Condition === undefined ? [] : parseConditionBlock(raw.Condition, `${where} Condition`, variables),
  };
}

/**
 * Checks and compiles a policy document; an invalid one is a CatalogError('Invalid') whose message names the
 * problem (the adapters answer it with a 400). `maxChars` counts characters other than white space, as IAM does.
 */
export function compilePolicy(text: string, kind: PolicyKind, maxChars = IDENTITY_POLICY_MAX_CHARS): CompiledPolicy {
  const size = text.replace(/\s/g, '').length;
  if (size > maxChars)
    throw invalid(`The policy document is ${size} characters long (white space not counted); the limit is ${maxChars}`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw invalid(`The policy document is not valid JSON: ${(error as Error).message}`);
  }
  if (!isObject(json)) throw invalid('The policy document must be a JSON object');
  for (const key of Object.keys(json)) {
    if (!TOP_LEVEL.has(key)) throw invalid(`The policy document has an unknown element '${key}'`);
  }
  if (json.Version !== undefined && !VERSIONS.includes(json.Version as string))
    throw invalid(`Version must be "2012-10-17" (or "2008-10-17"), got ${JSON.stringify(json.Version)}`);
  if (json.Statement === undefined) throw invalid('The policy document has no Statement');
  const statements = Array.isArray(json.Statement) ? json.Statement : [json.Statement];
  if (statements.length === 0) throw invalid('Statement must not be an empty list');
  const variables = json.Version === '2012-10-17';
  const compiled = statements.map((statement, index) => parseStatement(statement, index, kind, variables));
  const sids = compiled.flatMap((statement) => (statement.sid ? [statement.sid] : []));
  const duplicate = sids.find((sid, index) => sids.indexOf(sid) !== index);
  if (duplicate !== undefined) throw invalid(`Sid '${duplicate}' is used by more than one statement`);
  return { kind, statements: compiled };
}
