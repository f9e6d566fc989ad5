// A custom member field as an admin defines it (POST /api/admin/fields): a required choice asked at registration.
export const skinTypeField = {
  key: 'skin_type',
  labelJa: '肌タイプ',
  labelEn: 'Skin type',
  type: 'choice',
  choices: [
    { value: 'dry', ja: '乾燥肌', en: 'Dry' },
    { value: 'oily', ja: '脂性肌', en: 'Oily' },
    { value: 'mixed', ja: '混合肌', en: 'Combination' },
  ],
  required: true,
  askAtRegistration: true,
}
