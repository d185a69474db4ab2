import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Result, Skeleton, Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router-dom';
import { verifyPublication, type Verification } from '@voucher/draw/browser';
import { client, unwrap } from '../api/client.ts';
import { useDescribeError } from '../i18n/error-text.ts';

/**
 * LOT-6/7: a batch's public result (seed, commitment, eligible ids, winners
 * with masked names) and a button that re-derives the winners here, in the
 * browser, from the document alone: the server's word is not needed.
 */
export function PublicationPage() {
  const describe = useDescribeError();
  const { id } = useParams<{ id: string }>();
  const [verification, setVerification] = useState<Verification | null>(null);
  const doc = useQuery({
    queryKey: ['publication', id],
    queryFn: () => unwrap(client.GET('/api/v1/lottery/batches/{id}/publication', { params: { path: { id: id! } } })),
  });
  if (doc.isLoading) return <Skeleton active />;
  if (doc.error) return <Result status="info" title={describe(doc.error)} />;
  const d = doc.data!;
  return (
    <Card
      title="摇号结果公示"
      extra={
        <Button type="primary" onClick={() => setVerification(verifyPublication(d))} data-testid="verify">
          验证本批次
        </Button>
      }
    >
      {verification && (
        <Alert
          style={{ marginBottom: 16 }}
          type={verification.valid ? 'success' : 'error'}
          title={verification.valid ? '验证通过：中签结果与公开算法一致' : '验证未通过'}
          description={verification.mismatches.join('；') || undefined}
          data-testid="verification"
        />
      )}
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label="承诺值 (commitment)">
          <Typography.Text code>{d.commitment}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label="种子 (seed)">
          <Typography.Text code>{d.seed}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label="外部随机数 (beacon)">{d.beacon || '—'}</Descriptions.Item>
        <Descriptions.Item label="最终种子 (final seed)">
          <Typography.Text code>{d.finalSeed}</Typography.Text>
        </Descriptions.Item>
      </Descriptions>
      <Table
        style={{ marginTop: 16 }}
        rowKey="code"
        pagination={false}
        dataSource={d.categories}
        columns={[
          { title: '券种', dataIndex: 'code' },
          { title: '名额', dataIndex: 'quota' },
          { title: '有效预约', render: (_: unknown, c) => c.eligible.length },
          {
            title: '中签企业',
            render: (_: unknown, c) => c.winners.map((w) => w.company).join('、') || '—',
          },
        ]}
      />
    </Card>
  );
}
