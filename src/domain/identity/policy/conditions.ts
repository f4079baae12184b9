// The Condition element: { operator: { key: value | [values] } }. Keys match without regard to case, several
// keys of one operator and several operators must all hold, several values of one key are alternatives (for
// a negated operator: none may match). A key the request does not carry fails a condition, except under a
// negated operator (StringNotEquals, …), `…IfExists`, or `Null` — IAM's rules. In a 2012-10-17 policy the
// String and ARN operators' values may hold policy variables (`${aws:username}`, see wildcard.ts).
import { BlockList, isIP } from 'node:net';
import { invalid } from '../../shared/errors.js';
import { type Token, tokenize, tokensMatch, type VariableLookup, wildcardMatch } from './wildcard.js';

/** What a request offers condition keys (lower-cased names): a value or several (multivalued keys). */
export type ContextValue = string | number | boolean | (string | number | boolean)[];
export type RequestContextKeys = Record<string, ContextValue | undefined>;

type Test = (policyValue: string, requestValue: string) => boolean;

interface OperatorSpec {
  test: Test;
  negated: boolean;
  check?: (value: string) => boolean;
  /** How a value with policy variables matches: literally (Equals), or with `*`/`?` wildcards (Like, Arn*). */
  variables?: { wildcards: boolean; ignoreCase?: boolean };
}

const number = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));
const date = (text: string) => (/^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text));
const compareNumbers = (compare: (a: number, b: number) => boolean): Test => {
  return (policy, request) => {
    const a = number(request);
    const b = number(policy);
    return !Number.isNaN(a) && !Number.isNaN(b) && compare(a, b);
  };
};
const compareDates = (compare: (a: number, b: number) => boolean): Test => {
  return (policy, request) => {
    const a = date(request);
    const b = date(policy);
    return !Number.isNaN(a) && !Number.isNaN(b) && compare(a, b);
  };
};

const subnets = new Map<string, BlockList>();
function inSubnet(cidr: string, address: string): boolean {
  let list = subnets.get(cidr);
  if (!list) {
    list = new BlockList();
    const [base, bits] = cidr.split('/');
    const family = isIP(base ?? '') === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(base!, family);
    else list.addSubnet(base!, Number(bits), family);
    subnets.set(cidr, list);
  }
  const family = isIP(address);
  if (family === 0) return false;
  return list.check(address, family === 6 ? 'ipv6' : 'ipv4');
}
const isCidr = (text: string) => {
  const [base, bits, extra] = text.split('/');
  const family = isIP(base ?? '');
  if (family === 0 || extra !== undefined) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return Number.isInteger(n) && n >= 0 && n <= (family === 6 ? 128 : 32);
};

const isNumber = (text: string) => !Number.isNaN(number(text));
const isDate = (text: string) => !Number.isNaN(date(text));
const isBool = (text: string) => text === 'true' || text === 'false';

const LITERAL = { wildcards: false };
const WILD = { wildcards: true };

const OPERATORS: Record<string, OperatorSpec> = {
  StringEquals: { test: (p, r) => p === r, negated: false, variables: LITERAL },
  StringNotEquals: { test: (p, r) => p === r, negated: true, variables: LITERAL },
  StringEqualsIgnoreCase: {
    test: (p, r) => p.toLowerCase() === r.toLowerCase(),
    negated: false,
    variables: { wildcards: false, ignoreCase: true },
  },
  StringNotEqualsIgnoreCase: {
    test: (p, r) => p.toLowerCase() === r.toLowerCase(),
    negated: true,
    variables: { wildcards: false, ignoreCase: true },
  },
  StringLike: { test: (p, r) => wildcardMatch(p, r), negated: false, variables: WILD },
  StringNotLike: { test: (p, r) => wildcardMatch(p, r), negated: true, variables: WILD },
  NumericEquals: { test: compareNumbers((a, b) => a === b), negated: false, check: isNumber },
  NumericNotEquals: { test: compareNumbers((a, b) => a === b), negated: true, check: isNumber },
  NumericLessThan: { test: compareNumbers((a, b) => a < b), negated: false, check: isNumber },
  NumericLessThanEquals: { test: compareNumbers((a, b) => a <= b), negated: false, check: isNumber },
  NumericGreaterThan: { test: compareNumbers((a, b) => a > b), negated: false, check: isNumber },
  NumericGreaterThanEquals: { test: compareNumbers((a, b) => a >= b), negated: false, check: isNumber },
  DateEquals: { test: compareDates((a, b) => a === b), negated: false, check: isDate },
  DateNotEquals: { test: compareDates((a, b) => a === b), negated: true, check: isDate },
  DateLessThan: { test: compareDates((a, b) => a < b), negated: false, check: isDate },
  DateLessThanEquals: { test: compareDates((a, b) => a <= b), negated: false, check: isDate },
  DateGreaterThan: { test: compareDates((a, b) => a > b), negated: false, check: isDate },
  DateGreaterThanEquals: { test: compareDates((a, b) => a >= b), negated: false, check: isDate },
  Bool: { test: (p, r) => p.toLowerCase() === r.toLowerCase(), negated: false, check: isBool },
  ArnEquals: { test: (p, r) => wildcardMatch(p, r), negated: false, variables: WILD },
  ArnLike: { test: (p, r) => wildcardMatch(p, r), negated: false, variables: WILD },
  ArnNotEquals: { test: (p, r) => wildcardMatch(p, r), negated: true, variables: WILD },
  ArnNotLike: { test: (p, r) => wildcardMatch(p, r), negated: true, variables: WILD },
  IpAddress: { test: (p, r) => inSubnet(p, r), negated: false, check: isCidr },
  NotIpAddress: { test: (p, r) => inSubnet(p, r), negated: true, check: isCidr },
};

export interface ConditionClause {
  operator: string;
  spec?: OperatorSpec; // undefined for Null
  setQualifier?: 'ForAnyValue' | 'ForAllValues';
  ifExists: boolean;
  key: string; // lower-cased
  values: string[];
  /** The values parsed for substitution, when one of them holds a policy variable or escape. */
  variableValues?: Token[][];
}

/** The request's value of a key as a policy variable takes it: a single value, else none. */
export const variableLookup =
  (keys: RequestContextKeys): VariableLookup =>
  (key) => {
    const value = keys[key];
    return value === undefined || Array.isArray(value) ? undefined : String(value);
  };

export function parseConditionBlock(raw: unknown, where: string, variables = false): ConditionClause[] {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw invalid(`${where} must be an object of operators, e.g. {"StringEquals": {"aws:PrincipalAccount": "…"}}`);
  const clauses: ConditionClause[] = [];
  for (const [written, block] of Object.entries(raw)) {
    const qualified = /^(ForAnyValue|ForAllValues):(.+)$/.exec(written);
    const setQualifier = qualified?.[1] as ConditionClause['setQualifier'];
    let operator = qualified?.[2] ?? written;
    const ifExists = operator.endsWith('IfExists') && operator !== 'IfExists';
    if (ifExists) operator = operator.slice(0, -'IfExists'.length);
    const spec = OPERATORS[operator];
    if (!spec && operator !== 'Null') throw invalid(`${where}: unknown condition operator '${written}'`);
    if (typeof block !== 'object' || block === null || Array.isArray(block))
      throw invalid(`${where}.${written} must be an object of condition keys`);
    for (const [key, value] of Object.entries(block)) {
      const list = Array.isArray(value) ? value : [value];
      if (list.length === 0) throw invalid(`${where}.${written}.${key} must not be an empty list`);
      const values = list.map((item) => {
        if (typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean')
          throw invalid(`${where}.${written}.${key}: values must be strings, numbers or booleans`);
        return String(item);
      });
      const check = operator === 'Null' ? isBool : spec!.check;
      const bad = check ? values.find((text) => !check(text)) : undefined;
      if (bad !== undefined) throw invalid(`${where}.${written}.${key}: '${bad}' is not a valid ${operator} value`);
      const clause: ConditionClause = { operator, spec, setQualifier, ifExists, key: key.toLowerCase(), values };
      if (variables && spec?.variables && values.some((text) => text.includes('${'))) {
        const wildcards = spec.variables.wildcards;
        try {
          clause.variableValues = values.map((text) => tokenize(text, { wildcards, variables: true }));
        } catch (error) {
          throw invalid(`${where}.${written}.${key}: ${(error as Error).message}`);
        }
      }
      clauses.push(clause);
    }
  }
  return clauses;
}

function clauseHolds(clause: ConditionClause, keys: RequestContextKeys): boolean {
  const present = keys[clause.key];
  if (clause.operator === 'Null') {
    const absent = present === undefined || (Array.isArray(present) && present.length === 0);
    return clause.values.some((value) => (value === 'true') === absent);
  }
  const spec = clause.spec!;
  if (present === undefined) return clause.ifExists || spec.negated;
  const requestValues = (Array.isArray(present) ? present : [present]).map(String);
  const lookup = clause.variableValues && variableLookup(keys);
  const matchesAny = clause.variableValues
    ? (requestValue: string) =>
        clause.variableValues!.some((tokens) =>
          tokensMatch(tokens, requestValue, lookup!, spec.variables?.ignoreCase ?? false),
        )
    : (requestValue: string) => clause.values.some((policyValue) => spec.test(policyValue, requestValue));
  const holdsFor = (requestValue: string) => (spec.negated ? !matchesAny(requestValue) : matchesAny(requestValue));
  if (clause.setQualifier === 'ForAllValues') return requestValues.every(holdsFor);
  return requestValues.some(holdsFor);
}

export const conditionsHold = (clauses: ConditionClause[], keys: RequestContextKeys): boolean =>
  clauses.every((clause) => clauseHolds(clause, keys));
