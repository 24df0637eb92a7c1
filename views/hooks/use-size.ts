import { useStdout } from 'ink';
import { useEffect, useState } from 'react';

/** Terminal size, updated on resize so the layout reflows. */
export function useSize(fallback = { columns: 80, rows: 24 }): { columns: number; rows: number } {
  const { stdout } = useStdout();
  const read = () => ({ columns: stdout.columns || fallback.columns, rows: stdout.rows || fallback.rows });
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = () => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]); // eslint-disable-line react-hooks/exhaustive-deps
  return size;
}
