import { csvCell, toCsv } from '../export/csv';

describe('CSV for Excel', () => {
  it('quotes cells with commas, quotes and line breaks, doubling quotes', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line1\nline2')).toBe('"line1\nline2"');
    expect(csvCell('実装予定時期')).toBe('実装予定時期');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(42.5)).toBe('42.5');
  });

  it('neutralises cells a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://evil.example","x")')).toBe(
      '"\'=HYPERLINK(""http://evil.example"",""x"")"',
    );
    expect(csvCell('+1+2')).toBe("'+1+2");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('a=b')).toBe('a=b');
    // Full-width forms, as a Japanese IME types them.
    expect(csvCell('＝SUM(A1)')).toBe("'＝SUM(A1)");
    expect(csvCell('＠cmd')).toBe("'＠cmd");
    expect(csvCell('ー長音で始まる')).toBe('ー長音で始まる');
    // Numbers are data, not text: a negative number stays a number.
    expect(csvCell(-3)).toBe('-3');
  });

  it('writes UTF-8 with a BOM and CRLF line ends', () => {
    const buffer = toCsv(
      ['分類', '項番'],
      [
        ['ガバナンス', 'ガバナンス①-1'],
        ['x', null],
      ],
    );
    expect([...buffer.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(buffer.toString('utf8')).toBe('\uFEFF分類,項番\r\nガバナンス,ガバナンス①-1\r\nx,\r\n');
  });

  it('refuses a row that does not match the header', () => {
    expect(() => toCsv(['a', 'b'], [['only one']])).toThrow(/header/);
  });
});
