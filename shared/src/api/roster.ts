export interface RosterRowProblem {
  /** 1-based row number in the sheet as the school sees it in Excel. */
  row: number;
  column: string;
  problem: string;
}

export interface RosterImportReport {
  dryRun: boolean;
  applied: boolean;
  sheetName: string;
  rowsRead: number;
  problems: RosterRowProblem[];
  created: { grades: number; classes: number; students: number; guardians: number };
  updated: { students: number };
  /** Roster guardians dropped because the file lists other phones for their student. */
  removed?: { guardians: number };
  unchanged: number;
  durationMs: number;
}
