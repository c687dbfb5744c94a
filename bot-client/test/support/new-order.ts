import type { BotMessage, TestUser } from './test-user.js';

/** A client's /neworder up to the description prompt of an IT help order (the category needs no branch or lines). */
export async function startItHelpOrder(user: TestUser): Promise<BotMessage> {
  await user.send('/neworder');
  const categories = await user.waitForMessage((m) => /выберите категорию/.test(m.text) && m.buttons.length > 0);
  await user.press(categories, 'ИТ-помощь');
  return user.waitForMessage(/Опишите, что нужно сделать/);
}

/** An IT help order drafted to its summary ("Проверьте заявку"), ready to be created. */
export async function draftItHelpOrder(user: TestUser, description: string): Promise<BotMessage> {
  await startItHelpOrder(user);
  await user.send(description);
  return user.waitForMessage(/Проверьте заявку/);
}
