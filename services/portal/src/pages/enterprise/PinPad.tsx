import { Input } from 'antd';

/**
 * WAL-2: the six-digit payment PIN, one masked box per digit; a Form.Item
 * child (value and onChange come from the form) or used on its own.
 */
export function PinPad({ value, onChange }: { value?: string; onChange?: (pin: string) => void }) {
  return (
    <Input.OTP
      length={6}
      mask
      value={value}
      onChange={onChange}
      formatter={(typed) => typed.replace(/\D/g, '')}
      data-testid="pin-pad"
    />
  );
}
