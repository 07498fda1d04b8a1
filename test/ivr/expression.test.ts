/** Templates and setVariable expressions: what they compute, and that hostile input stays inert. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkExpression,
  compileExpression,
  evaluateExpression,
  renderTemplate,
  templateVariables,
} from '../../src/ivr/index.js';
import { parseTemplate } from '../../src/ivr/template.js';
import { isHotlineError } from '../../src/shared/errors.js';

const vars: Record<string, string> = {
  count: '2',
  name: 'Zhang San',
  ANI: '13800138000',
  empty: '',
  price: '9.99',
};
const lookup = (name: string) => (Object.hasOwn(vars, name) ? vars[name]! : '');
const calc = (source: string) => evaluateExpression(compileExpression(source), lookup);

describe('templates', () => {
  it('fill in variables, leave unknown ones empty, and escape $${', () => {
    assert.equal(renderTemplate('来电 ${ANI} 第${count}次', lookup), '来电 13800138000 第2次');
    assert.equal(renderTemplate('[${nobody}]', lookup), '[]');
    assert.equal(renderTemplate('$${ANI} is ${ANI}', lookup), '${ANI} is 13800138000');
    assert.equal(renderTemplate('no variables', lookup), 'no variables');
  });

  it('list the variables they read', () => {
    assert.deepEqual(templateVariables('${a}-${b}-${a}'), ['a', 'b']);
    assert.deepEqual(templateVariables('${地区}'), ['地区']);
  });

  it('report malformed references and render them as text', () => {
    assert.deepEqual(parseTemplate('x ${ANI').errors, [{ index: 2, message: 'unterminated ${ (missing })' }]);
    assert.equal(parseTemplate('${a b}').errors[0]?.message, '"a b" is not a variable name');
    assert.equal(parseTemplate('${__proto__}').errors.length, 1);
    assert.equal(renderTemplate('x ${ANI', lookup), 'x ${ANI');
  });
});

describe('expressions', () => {
  const cases: Array<[string, string]> = [
    ['${count} + 1', '3'],
    ['${count} * (3 + 4) - 1', '13'],
    ['10 / 4', '2.5'],
    ['7 % 3', '1'],
    ['0.1 + 0.2', '0.3'],
    ['-${count}', '-2'],
    ['${price} * 3', '29.97'],
    ['${name} + "!"', 'Zhang San!'],
    ["'n=' + ${count}", 'n=2'],
    ['${count} + "1"', '3'],
    ['concat(${count}, "1")', '21'],
    ['len(${ANI})', '11'],
    ['len("号码归属地")', '5'],
    ['substr(${ANI}, 0, 3)', '138'],
    ['substr("北京北京", 2)', '北京'],
    ['upper(${name})', 'ZHANG SAN'],
    ['lower("ABC")', 'abc'],
    ['trim("  x ")', 'x'],
    ['replace(${name}, " ", "_")', 'Zhang_San'],
    ['contains(${ANI}, "0013")', 'true'],
    ['startsWith(${ANI}, "139")', 'false'],
    ['default(${empty}, "none")', 'none'],
    ['round(${price})', '10'],
    ['round(2.345, 2)', '2.35'],
    ['floor(-1.5) + ceil(1.2) + abs(-3)', '3'],
    ['max(1, ${count}, 3) - min(5, 4)', '-1'],
    ['${count} > 1 && ${count} < 3', 'true'],
    ['${count} == 2.0', 'true'],
    ['"a" < "b"', 'true'],
    ['!${empty}', 'true'],
    ['${empty} || "0"', 'false'],
    ['if(${count} >= 2, "many", "few")', 'many'],
    ['if(${empty}, 1 / 0, "lazy")', 'lazy'],
  ];
  for (const [source, expected] of cases) {
    it(`${source} = ${expected}`, () => assert.equal(calc(source), expected));
  }

  it('lists the variables an expression reads', () => {
    const check = checkExpression('${a} + len(${b}) + ${a}');
    assert.equal(check.ok && check.expression.variables.join(), 'a,b');
  });

  it('fails with a position on errors at run time', () => {
    assert.throws(
      () => calc('${name} * 2'),
      (err: unknown) =>
        isHotlineError(err, 'IvrExpressionInvalid') &&
        /not a number: "Zhang San" at position 9/.test(err.message),
    );
    assert.throws(() => calc('1 / (${count} - 2)'), /division by zero/);
    assert.throws(() => calc('substr(${name}, "x")'), /substr\(\): substr start is not a number/);
  });
});

describe('hostile expressions are refused, never run', () => {
  const hostile = [
    'constructor.constructor("return process")()',
    'process.exit(1)',
    'this',
    'globalThis',
    '${count}.constructor',
    '${count}["constructor"]',
    '__proto__',
    '${__proto__}',
    'require("fs")',
    'import("fs")',
    '`${count}`',
    'eval("1")',
    'Function("return 1")()',
    'len(${count}) = 3',
    'x => x',
    '1; 2',
    'a ? b : c',
    '"unterminated',
    '"bad \\u0041 escape"',
    '('.repeat(40) + '1' + ')'.repeat(40),
    '1' + ' + 1'.repeat(300),
    'x'.repeat(1001),
    'len()',
    'substr("a")',
    'if(1, 2)',
  ];
  for (const source of hostile) {
    it(`refuses ${JSON.stringify(source.slice(0, 50))}`, () => {
      const check = checkExpression(source);
      assert.equal(check.ok, false);
      assert.throws(
        () => compileExpression(source),
        (err: unknown) => isHotlineError(err, 'IvrExpressionInvalid'),
      );
    });
  }

  it('bounds the size of what an expression can build', () => {
    const big = 'x'.repeat(3000);
    const source = '${big} + ${big}';
    assert.throws(() => evaluateExpression(compileExpression(source), () => big), /longer than 4096/);
  });
});
