import { useLanguage } from '../i18n/language.tsx';

/** An image captcha from `GET /auth/captcha` (ID-3, ID-6): the server's SVG, a click asks for another. */
export function CaptchaImage({ svg, onRefresh }: { svg: string; onRefresh: () => void }) {
  const { t } = useLanguage();
  return (
    <span
      role="img"
      aria-label={t('captcha')}
      title={t('captchaRefresh')}
      onClick={onRefresh}
      style={{ cursor: 'pointer', display: 'inline-block' }}
      // the SVG is the captcha service's own drawing of random letters, never user input
      dangerouslySetInnerHTML={{ __html: svg }}
    />
  );
}
