/**
 * QUA-3: the eligible-provider directory arrives as CSV with the header
 * `name,creditCode,region` (any order, BOM tolerated, quoted fields with commas
 * or doubled quotes, CRLF or LF). Parsing is pure: rows come back as records.
 */
export interface CsvTable {
  header: string[];
  rows: { line: number; cells: Record<string, string> }[];
}

export function parseCsv(text: string): CsvTable {
  const records = splitRecords(text.replace(/^\uFEFF/, ''));
  const [head, ...body] = records;
  const header = (head?.fields ?? []).map((h) => h.trim());
  return {
    header,
    rows: body
      .filter((r) => r.fields.some((f) => f.trim() !== ''))
      .map((r) => ({ line: r.line, cells: Object.fromEntries(header.map((h, i) => [h, (r.fields[i] ?? '').trim()])) })),
  };
}

function splitRecords(text: string): { line: number; fields: string[] }[] {
  const out: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      out.push({ line: recordLine, fields });
      fields = [];
      field = '';
      line++;
      recordLine = line;
    } else field += c;
  }
  if (field !== '' || fields.length > 0) {
    fields.push(field);
    out.push({ line: recordLine, fields });
  }
  return out;
}
