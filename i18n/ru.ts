/** Русские строки: те же ключи, что в en.ts. */
import type { MessageKey } from "./en.ts";

export const ru: Record<MessageKey, string> = {
  "app.name": "Parley",
  "app.tagline": "Мессенджер в реальном времени на вашем собственном сервере",
  "nav.home": "Главная",
  "nav.debug": "Отладка WebSocket",
  "nav.skip": "Перейти к содержимому",
  "theme.toDark": "Тёмная тема",
  "theme.toLight": "Светлая тема",
  "lang.label": "Язык",
  "footer.text": "Parley — мессенджер на своём сервере",

  "home.title": "Parley",
  "home.lead":
    "Личные и групповые чаты: сообщения доставляются в момент отправки, на вашем сервере.",
  "home.features": "Возможности",
  "home.feature.realtime": "Сообщения сразу приходят на все устройства всех участников",
  "home.feature.markdown": "Markdown, фото, видео, файлы и стикеры",
  "home.feature.receipts": "Отметки о прочтении, набор текста и статус в сети",
  "home.feature.accounts":
    "Учётные записи с подтверждением почты, восстановлением и двухфакторным входом",
  "home.feature.selfhosted": "Один процесс, PostgreSQL или встроенная база данных",
  "home.debugLink": "Открыть страницу отладки WebSocket",

  "debug.title": "Отладка WebSocket",
  "debug.lead": "Введите запрос, отправьте его и смотрите все входящие и исходящие кадры.",
  "debug.state.connecting": "Подключение…",
  "debug.state.open": "Подключено",
  "debug.state.closed": "Отключено",
  "debug.connect": "Подключиться",
  "debug.disconnect": "Отключиться",
  "debug.reconnect": "Переподключиться",
  "debug.autoReconnect": "Переподключаться автоматически",
  "debug.request": "Запрос",
  "debug.examples": "Примеры",
  "debug.send": "Отправить",
  "debug.clear": "Очистить журнал",
  "debug.log": "Кадры",
  "debug.empty": "Кадров пока нет",
  "debug.in": "вх",
  "debug.out": "исх",
  "debug.event": "событие",
  "debug.noscript": "Для этой страницы нужен JavaScript.",
  "debug.reconnectIn": "Переподключение через {seconds} с",
  "debug.closedWith": "Закрыто с кодом {code}",

  "error.404.title": "Страница не найдена",
  "error.404.text": "По этому адресу ничего нет.",
  "error.500.title": "Что-то пошло не так",
  "error.500.text": "Сервер не смог ответить на запрос. Попробуйте ещё раз чуть позже.",
  "error.503.title": "Сервер недоступен",
  "error.503.text":
    "Сервер сейчас не может связаться с базой данных. Попробуйте ещё раз чуть позже.",
  "error.home": "На главную",
};
