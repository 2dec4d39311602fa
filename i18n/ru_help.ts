/** Русские строки справочного центра: те же ключи, что в en_help.ts. */
import type { enHelp } from "./en_help.ts";

export const ruHelp: Record<keyof typeof enHelp, string> = {
  "nav.help": "Справка",
  "help.title": "Справочный центр",
  "help.lead": "Как устроен Parley, шаг за шагом.",
  "help.search": "Поиск по справке",
  "help.searchSubmit": "Найти",
  "help.results": "Найдено по запросу «{query}»",
  "help.noResults": "Ничего не найдено. Попробуйте другие слова или посмотрите разделы ниже.",
  "help.allArticles": "Все статьи",
  "help.category.getting-started": "Начало работы",
  "help.category.account-security": "Аккаунт и безопасность",
  "help.category.chats-groups": "Чаты и группы",
  "help.category.files": "Файлы",
  "help.category.privacy": "Конфиденциальность",
  "help.category.troubleshooting": "Если что-то не работает",
  "help.otherLanguage": "Эта статья пока не переведена на ваш язык.",
  "help.helpful": "Статья помогла?",
  "help.yes": "Да",
  "help.no": "Нет",
  "help.thanks": "Спасибо: ваш ответ поможет сделать статью лучше.",
  "help.counts": "Помогла {helpful} из {total}.",
  "help.fromAccount": "Справочный центр",
};
