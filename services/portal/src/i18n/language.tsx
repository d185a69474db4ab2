import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { words } from './area-words.ts';
import type { Language, MessageKey } from './messages.ts';

interface LanguageState {
  language: Language;
  toggle(): void;
  t(key: MessageKey): string;
}

const LanguageContext = createContext<LanguageState | null>(null);

export function LanguageProvider({ children }: { children: ReactNode }) {
  const [language, setLanguage] = useState<Language>(() => (localStorage.getItem('language') === 'en' ? 'en' : 'zh'));
  const value = useMemo<LanguageState>(
    () => ({
      language,
      toggle: () => {
        const next = language === 'zh' ? 'en' : 'zh';
        localStorage.setItem('language', next);
        setLanguage(next);
      },
      // an area's words are there before its pages render: each page's lazy load waits for them (`lazy-page.tsx`)
      t: (key) => words[language][key] ?? key,
    }),
    [language],
  );
  return <LanguageContext.Provider value={value}>{children}</LanguageContext.Provider>;
}

export function useLanguage(): LanguageState {
  const state = useContext(LanguageContext);
  if (!state) throw new Error('useLanguage outside LanguageProvider');
  return state;
}
