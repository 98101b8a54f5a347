import { beforeEach, describe, expect, it } from '@jest/globals';
import { fireEvent, render, screen } from '@testing-library/react';
import { REPORTER_RULES } from '@anxin/shared';
import { resetTaro } from '../../../../test/stubs/taro';
import { ReporterRules } from './reporter-rules';

beforeEach(() => resetTaro());

describe('the rules told to the reporter once', () => {
  it('shows the shared text until read, then never again on this device', () => {
    const first = render(<ReporterRules />);
    for (const p of REPORTER_RULES.points) expect(screen.getByText(p)).toBeTruthy();
    fireEvent.click(screen.getByText(REPORTER_RULES.confirm));
    expect(screen.queryByText(REPORTER_RULES.title)).toBeNull();
    first.unmount();
    const again = render(<ReporterRules />);
    expect(again.container.textContent).toBe('');
  });
});
